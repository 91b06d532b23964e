"""Partners: every organisation a convention names in its actions and governance.

Mentions come from four readers, merged: the gazetteer (`data/reference/partners.csv`: national,
departmental and agglomeration-level bodies, and the kinds of body every commune has), spaCy's
French NER (ORG entities), names opened by an organisation word ("l'association Artois
Solidarités", "le collège Lavoisier": `vocab/organisations.toml`), and acronyms. A mention the
gazetteer resolves is that partner; another is a partner of its own, flagged for review, never
dropped. Parsing-side: no RDF here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from quartiers.model import Partner
from quartiers.nlp import organisations, prime
from quartiers.quality import is_french_word
from quartiers.reference import PartnerDef, Reference
from quartiers.span import Span
from quartiers.textnorm import clean, fold, fold_same_length, slug
from quartiers.vocab import HERE

_CONNECT = {
    "de", "du", "des", "d'", "la", "le", "les", "l'", "et", "&", "en", "sur", "à", "au", "aux", "-"
}  # fmt: skip
_ARTICLE = re.compile(r"^(?:l['’]|la |le |les |des |du |de la |de l['’]|d['’]|de )", re.I)
_LOWER_ARTICLE = re.compile(r"^(?:l['’]|la |le |les |des |du |de la |de l['’]|d['’]|de )")
_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{1,8}(?:\s?\d{2,3})?(?![\w-])")
_TRIGGER = re.compile(
    r"\b(?:avec|par|aupr[eè]s d[eu]|en lien avec|en partenariat avec|le soutien d[eu]|"
    r"l'appui d[eu]s?|port[ée]e? par|anim[ée]e?s? par|volontaires d[eu]?|"
    r"et (?=l['’]|la |le |les ))\s*(?:l['’]|la |le |les )?",
    re.I,
)
_TOKEN = re.compile(r"[\w'’&.-]+|«[^»]{1,60}»|\"[^\"]{1,60}\"|“[^”]{1,60}”")
_QUOTES = ("«", '"', "“")
_PERSON = re.compile(r"^(?:M\.|Mme|Monsieur|Madame)\s|^[A-Z][a-zé]+\s+[A-Z]{2,}$")


@dataclass(frozen=True)
class _Vocab:
    heads: tuple[str, ...]
    not_orgs: frozenset[str]
    kind_words: tuple[str, ...]
    not_heads: frozenset[str]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    data = tomllib.loads((HERE / "organisations.toml").read_text(encoding="utf-8"))
    heads = tuple(sorted((fold(h) for h in data["heads"]), key=len, reverse=True))
    kinds = tuple(sorted((fold(w) for w in data["kind_words"]), key=len, reverse=True))
    return _Vocab(
        heads,
        frozenset(fold(x) for x in data["not_organisations"]),
        kinds,
        frozenset(fold(x) for x in data["not_heads"]),
    )


@dataclass
class Mention:
    text: str
    start: int
    end: int
    partner: str | None = None  # a gazetteer id when resolved
    kind: str | None = (
        None  # the gazetteer kind of a body named in the text ("EVS Les Coquelicots")
    )
    commune: bool = False  # a commune named as a body ("les communes de Burbure et …")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9&]+", "", fold(text))


@lru_cache(maxsize=1)
def _heads() -> re.Pattern[str]:
    """Every organisation word in one alternation, longest first."""
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(h) for h in vocab().heads) + r")\s+")


def _capital(tok: str) -> bool:
    return (
        (tok.startswith(_QUOTES) and _capital(tok[1:].lstrip()))  # « Le Panier », not « veilleurs »
        or tok[:1].isupper()
        or tok[:1].isdigit()
        or any(c.isupper() for c in tok[1:3])
    )  # "e-Enfance"


def _name_from(text: str, start: int) -> tuple[int, int] | None:
    """The proper name starting at `start`: capitalised words, numbers, quoted names, joined
    by small words ("Comédie de Béthune", "Restos du Cœur d'Auchel", "Lire et Écrire en
    Artois"); "et la Mission locale" starts another name."""
    tokens = list(_TOKEN.finditer(text, start))
    end, last_good = start, None
    for i, m in enumerate(tokens):
        if m.start() - end > 1 and i:
            break
        tok, low = m.group(0), fold(m.group(0))
        if tok.endswith(".") and len(tok) > 3:  # "… Pierre Perret. Le Centre …": a sentence ends
            if _capital(tok):
                last_good = m.end() - 1
            break
        if _capital(tok) or (low.startswith(("d'", "l'", "d’", "l’")) and _capital(tok[2:])):
            last_good = m.end()
        elif low in {"et", "&"}:
            nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
            if not (nxt[:1].isupper() or nxt[:1].isdigit()):
                break  # "CCAS et l'UDAF 62": two names
        elif low not in _CONNECT:
            break
        end = m.end()
    if last_good is None:
        return None
    return start, last_good


# what an organisation is, in lower case, between its kind and its name: "des commerçants "
_DESCRIBED = re.compile(
    r"(?:(?:(?:de|des|du|d['’])\s*[a-zà-ÿœ][\w’'-]*|[a-zà-ÿœ][\w’'-]*(?:al|ale|ales|aux|if|ive|ifs|ives"
    r"|el|elle|els|elles|aire|aires|ique|iques|ien|ienne|ois|oise))\s+){1,2}(?=[A-ZÀ-Ý«\"“])"
)  # "des commerçants ", "de quartier ", "commerciale ", "sportive ": what it is, then its name

# what a body is, in lower case, then the place it belongs to: "le comité d'habitants de la
# cité Rimbert", "l'association des locataires des Ormes" (all of it is its name)
_BELONGS = re.compile(
    r"(?:(?:d['’])?[a-zà-ÿœ][\w’'-]*\s+){1,3}?"
    r"(?:de la |de l['’]|des |du |de |d['’])\s*(?:(?:cité|résidence|quartier|école|collège)\s+)?"
    r"(?=[A-ZÀ-Ý])"
)
# a commune's service named by what it does, in lower case ("le service démocratie
# participative", "la direction de la cohésion sociale", "le service enfance-jeunesse", "Ville –
# service éducation"); a scheme or a quality is no service ("le service civique", "un service
# de proximité")
_SERVICE = re.compile(
    r"(?:\b(?:le|la|les|du|au|aux|des)\s+|\bl['’]|\b(?:Ville|Mairie|Commune)\s+[–—-]\s+)"
    r"(?P<head>services?|direction)\s+"
    r"(?:(?:municipa|communa)(?:le?s?|ux)\s+)?"
    r"(?P<what>(?:de la |de l['’]|des |du |d['’])?[a-zà-ÿœ][\w’'-]+"
    r"(?:\s+(?!(?:de|du|des|et|avec|pour|au|aux|à|en|sur|dans|par|qui|est)\b)[a-zà-ÿœ][\w’'-]+)?)"
)
_NOT_A_SERVICE = re.compile(
    r"^(?>de la |de l['’]|des |du |de |d['’])?(?:civique|publics?|proximite|rendus?|gratuits?|national|militaire|projet"
    r"|l['’]etat|prevention|sante|qualite|maintenance|accompagnement|ecoute"
    r"|et|ou|les?|la|qui|que|dont|sont|ont|est|en|se|sur|pour|dans)\b"
)

# a body named by what it gathers or does, in lower case, after a definite article: "l'association
# des commerçants", "le comité des fêtes", "le club de boxe nœuxois", "l'association des parents
# d'élèves" (a body the text points at; "un club de football" is one to make)
_GATHERING_HEADS = frozenset(
    [
        "association",
        "amicale",
        "club",
        "comite",
        "collectif",
        "union",
        "federation",
        "foyer",
        "office",
        "cercle",
    ]
)
_DEFINITE = re.compile(r"(?:\b(?:[Ll]e|[Ll]a|[Dd]u|[Aa]u)\s+|\b[Ll]['’]\s*)$")
_NOUN = r"(?!(?:la|le|les|leur|leurs|son|sa|ses|ce|cet|cette|ces|un|une)\b)[a-zà-ÿœ][\w’'-]{2,}"
_GATHERING = re.compile(
    rf"(?:des |du |de |d['’])\s*{_NOUN}(?:\s+(?:de |d['’])\s*{_NOUN})?"
    r"(?:\s+[a-zà-ÿœ][\w’'-]*(?:ois|oise|ais|aise|ien|ienne|aux))?\b"
)
# what the comités of the convention itself do: its governance, no partner
_GOVERNED = re.compile(
    r"\b(?:pilotage|suivi|coordination|direction|programmation|selection|travail|projet"
    r"|gestion|administration|partenaires|acteurs|financeurs|organisation|lecture)\b"
)


_QUARTIER_WORD = re.compile(r"^quartiers?\s+(?:du |de la |de l['’]|des |d['’])?", re.I)

_ENUM = re.compile(r"\((?P<items>[^()]{3,200},[^()]*)\)")
_GROUP_WORDS = re.compile(
    r"\b(associations?|partenaires?|acteurs?|structures?|organismes?|bailleurs?|clubs?)\b[^()]{0,30}$"
)


def _enumerated(text: str) -> list[Mention]:
    """Items of a list of organisations in parentheses ("d'associations locales (Citéo, Active
    life, ...)", "le réseau des acteurs (PIJ, MDS, Réseau IJ, Indelab, AFP2I, ...)"), or of
    the list that closes an action ("… (CPAM de l'Artois, Ligue contre le cancer)")."""
    out: list[Mention] = []
    for m in _ENUM.finditer(text):
        # "… dans une cellule vacante (BGE Hauts-de-France, CitésLab, CABBALR)": a list closing
        # an action, short names each, says who takes part in it
        closing = not text[m.end() :].strip(" .;") and all(
            0 < len(i.split()) <= 6 for i in m.group("items").split(",")
        )
        if not (closing or _GROUP_WORDS.search(fold(text[: m.start()]))):
            continue
        pos = m.start("items")
        for item in m.group("items").split(","):
            name = item.strip(" .…")
            start = pos + item.find(name) if name else pos
            pos += len(item) + 1
            if name and _capital(name) and name not in {"etc", "..."}:
                out.append(Mention(name, start, start + len(name)))
    return out


_OF = r"(?:de la |de l['’]|des |du |de |d['’])"
_ADJECTIVE = (
    r"[a-zà-ÿœ][\w’'-]*(?:al|ale|ales|aux|if|ive|ifs|ives|el|elle|els|elles|aire|aires|ique|iques"
    r"|ien|ienne|ois|oise|ais|aise|ain|aine|ée|é|ées|és)\b|[a-zà-ÿœ]+-[a-zà-ÿœ]+\b"
)
# after a capitalised organisation word, what its name may hold in lower case: qualifiers
# ("Union sportive", "Fédération française") and complements ("de cardiologie", "de la
# deuxième chance"), one word each, then a place or a name in capitals
_NAME_TAIL = re.compile(
    rf"(?:\s+(?:{_ADJECTIVE})){{0,2}}(?:\s+{_OF}\s*(?:[a-zà-ÿœ][\w’'-]*|[A-ZÀ-Ý][\w’'-]*)){{0,3}}"
)


def _capital_head(text: str, start: int, end: int) -> tuple[int, int] | None:
    """ "la Fédération française de cardiologie", "l'Union sportive de Hulluch": an
    organisation word written with a capital inside a sentence opens a proper name, which may
    go on in lower case (a qualifier, a complement) before a stop."""
    if not text[start : start + 1].isupper() or _OPENS_SENTENCE.search(text[:start]):
        return None
    head_end = end - 1 if text[end - 1 : end].isspace() else end
    m = _NAME_TAIL.match(text, head_end)
    if m is None or m.end() == head_end:
        return None
    stop = m.end()
    tail = _name_from(text, stop + 1) if text[stop : stop + 1] == " " else None
    if tail is not None and tail[0] == stop + 1 and re.search(rf"{_OF}\s*$", text[: stop + 1]):
        stop = tail[1]
    return start, stop


# "les communes de Calonne-Ricouart, Marles-les-Mines et Burbure": communes as bodies
_COMMUNES = re.compile(
    r"\b(?:les |des |aux )?(?:communes|villes|mairies) (?:de |d['’])\s*"
    r"(?P<list>[A-ZÀ-Ý][^;:.()]*?)(?=\s+(?:pour|afin|qui|dans|sur|au|aux|à)\b|[;:.()]|$)"
)


def _communes(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _COMMUNES.finditer(text):
        pos = m.start("list")
        for piece in re.split(r"(,\s*|\s+et\s+)", m.group("list")):
            # "les villes d'Auchel et de Calonne-Ricouart": the second named after its "de"
            of = re.match(r"(?:de |d['’])\s*(?=[A-ZÀ-Ý])", piece)
            name = piece[of.end() :] if of else piece
            if name.strip() and name[:1].isupper() and not re.fullmatch(r",\s*|\s+et\s+", name):
                at = pos + (of.end() if of else 0)
                out.append(Mention(name.strip(), at, at + len(name.strip()), commune=True))
            pos += len(piece)
    return out


def _candidates(text: str) -> list[Mention]:
    out: list[Mention] = _communes(text)
    f = fold_same_length(text)
    for m in _heads().finditer(f):
        span = _name_from(text, m.end())
        if span is not None:
            out.append(Mention(text[m.start() : span[1]], m.start(), span[1]))
        elif (named := _capital_head(text, m.start(), m.end())) is not None:
            out.append(Mention(text[named[0] : named[1]], named[0], named[1]))
        elif (
            (d := _DESCRIBED.match(text, m.end()))
            and (span := _name_from(text, d.end()))
            and len(text[span[0] : span[1]].split()) >= 2
        ):
            # "le club d'entreprises Artois Entreprendre", "l'association des commerçants
            # Lillers Cœur de Ville": what it is, then its name (of two words or more: a
            # single one is more often a place, "association de quartier Saint-Elie")
            out.append(Mention(text[span[0] : span[1]], span[0], span[1]))
        elif (o := _BELONGS.match(text, m.end())) and (span := _name_from(text, o.end())):
            out.append(Mention(text[m.start() : span[1]], m.start(), span[1]))
        elif (
            m.group(0).strip() in _GATHERING_HEADS
            and _DEFINITE.search(text[: m.start()])
            and (g := _GATHERING.match(text, m.end()))
            and not _GOVERNED.search(fold(g.group(0)))
        ):
            out.append(Mention(text[m.start() : g.end()], m.start(), g.end()))
    for m in _SERVICE.finditer(text):
        what = m.group("what")
        # (a quality is no service's name: "les services concernés", "les services municipaux")
        if not _NOT_A_SERVICE.match(fold(what)) and not re.search(
            r"(?:é|ée|és|ées|aux|ales?)$", what.split()[0]
        ):
            out.append(Mention(text[m.start("head") : m.end()], m.start("head"), m.end()))
    for m in _TRIGGER.finditer(text):
        span = _name_from(text, m.end())
        if span is not None:
            out.append(Mention(text[span[0] : span[1]], span[0], span[1]))
    for e in organisations(text):
        # (an acronym before a dotted number, "OO 1.1.1", "OS 2.3", is an objective's
        # reference, not an organisation)
        if e.label == "ORG" and _proper(e.text) and not _OUTLINE_REFERENCE.match(text, e.end):
            out.append(Mention(e.text, e.start, e.end))
    out += _enumerated(text)
    out += _title_runs(text)
    for m in _CAMEL.finditer(text):
        # "CitésLab", "HandiSport": a capital inside a word, which French never writes, marks
        # a name, wherever it stands
        span = _name_from(text, m.start()) or (m.start(), m.end())
        out.append(Mention(text[span[0] : span[1]], span[0], span[1]))
    for m in _ACRONYM.finditer(text):
        word = m.group(0).split()[0]
        if len(word) > 2 and is_french_word(word.lower()) and _the_word(text, m.start()):
            continue  # a word in capitals ("DES QUARTIERS ATTENTIFS"), not an acronym
        if _OUTLINE_REFERENCE.match(text, m.end()):
            continue
        span = _name_from(text, m.start()) or (m.start(), m.end())  # "BGE Hauts-de-France"
        out.append(Mention(text[span[0] : span[1]], span[0], span[1]))
    return out


# an article in lower case ("le", "Le", "l'"; "DES" belongs to a phrase in capitals)
_ARTICLE_BEFORE = re.compile(
    r"(?:\b(?:[Ll]e|[Ll]a|[Ll]es|[Dd]u|[Dd]es|[Aa]u|[Aa]ux|[Uu]n|[Uu]ne)\s+|\b[Ll]['’])$"
)


# a place after a word in capitals: "PLIE de l'Artois", "PLIE du Béthunois"
_OF_A_NAME = re.compile(rf"\s+{_OF}\s*[A-ZÀ-Ý][a-zà-ÿ]")


def _the_word(text: str, start: int) -> bool:
    """Whether a word in capitals that French also spells is that word, not an acronym. An
    article before it ("le PLIE") or a place after it ("PLIE de l'Artois", a cell's first
    words) makes it a body's name; a heading ("DES QUARTIERS ATTENTIFS") or a word stressed
    ("à TOUS les habitants") has neither."""
    end = start + len(text[start:].split(maxsplit=1)[0])
    return not _ARTICLE_BEFORE.search(text[:start]) and not _OF_A_NAME.match(text, end)


_OUTLINE_REFERENCE = re.compile(r"\s?\d{1,2}(?:\.\d{1,2})+\b")
_CAMEL = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][a-zà-ÿ]{2,}[A-ZÀ-Ý][a-zà-ÿ]+\b")
_OF_A_PLACE = re.compile(r"\s+(?:de|du|d['’])\s*[A-ZÀ-Ý]")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;•(\-–—]|\d[.)])\s*$")


def _title_runs(text: str) -> list[Mention]:
    """Names in title case, of three capitalised words or more ("Point Accueil Écoute Jeunes de
    l'Artois"), which the model misses when no organisation word opens them; never from a
    sentence's first word, capitalised for being first."""
    out: list[Mention] = []
    end = 0
    for m in re.finditer(r"(?<![\w'’-])[A-ZÀ-Ý][\w'’-]*", text):
        if m.start() < end or _OPENS_SENTENCE.search(text[: m.start()]):
            continue
        span = _name_from(text, m.start())
        if span is None:
            continue
        end = span[1]
        words = text[span[0] : span[1]].split()
        if "et" in words:
            continue  # "écoles Jules Ferry et Paul Bert": names of places or people, listed
        if sum(1 for w in words if w[:1].isupper() and fold(w) not in _CONNECT) >= 3:
            out.append(Mention(text[span[0] : span[1]], span[0], span[1]))
    return out


def display_name(text: str) -> str:
    """A mention as a partner's name: no article, no word that only says its kind."""
    name = _ARTICLE.sub("", clean(re.sub(r'\s*[«»"“”]\s*', " ", text))).strip(" ,.;:()")
    for w in vocab().kind_words:
        rest = _LOWER_ARTICLE.sub("", name[len(w) + 1 :]).strip()
        if fold(name).startswith(w + " ") and _capital(rest):
            # "l'association Le Pas de Côté" is "Le Pas de Côté": a capital article is the
            # name's; "club de cyclisme de Haisnes" keeps its kind, the name has no other
            name = rest
    return name


def _proper(name: str) -> bool:
    """Whether an entity the model found reads as a proper name: an acronym, a capital past
    its first word, or a first word no French dictionary has ("Indelab", "Wimoov"). The
    small model also tags "Instance consultative" or "Garderie"."""
    words = name.split()
    if any(_ACRONYM.fullmatch(w) for w in words):
        return True
    if any(w[:1].isupper() for w in words[1:]):
        return True
    return not is_french_word(words[0].strip("'’").lower()) if words else False


def _keep(m: Mention, places: set[str]) -> bool:
    name = display_name(m.text)
    k = fold(name)
    v = vocab()
    if len(name) < 2 or k in v.not_orgs or (_key(name) in places and not m.commune) or k in v.heads:
        return False
    if any(
        k.startswith(p + " ") or p.startswith(k + " ") or k == p for p in v.not_orgs if len(p) > 4
    ):
        return False
    if _PERSON.match(name) or re.fullmatch(r"[IVXL]+|\d+", name):
        return False
    first = name.split(" ", 1)[0]
    if fold(first) in v.not_orgs and fold(name.split()[-1]) in v.not_orgs:
        return False  # "CP au CM2", "CLAS et CEJ": school years and schemes
    if fold(first) in v.not_heads and not k.startswith(("ville de", "ville d'")):
        return False
    if " " not in name and re.search(r"(er|ir|re|oir)$", k) and is_french_word(k):
        return False  # "l'association Valoriser l'action…": a verb, not a one-word name
    return not (first.lower().endswith(("er", "ir", "re")) and first[:1].isupper() and m.start == 0)


_TO_MAKE = re.compile(
    r"\b(?:cr[ée]ation|cr[ée]er|ouvrir|ouverture|mettre en place|mise en place|installer"
    r"|installation|implanter|implantation|construire|construction)\s+(?:d['’]\s*)?une?\s+$",
    re.I,
)


def _gazetteer(text: str, ref: Reference) -> list[Mention]:
    """The gazetteer's bodies named in the text; a kind every commune has that an action makes
    ("la création d'une épicerie solidaire") is not a partner yet."""
    return [
        Mention(text[s:e], s, e, pid)
        for pid, s, e in ref.partner_mentions(text)
        if not (_TO_MAKE.search(text[max(0, s - 40) : s]) and _local(ref, pid))
    ]


def _local(ref: Reference, pid: str) -> bool:
    """Whether the gazetteer's entry is a kind of body every commune has."""
    d = ref.definition(pid)
    return d is not None and d.scope == "commune"


def mentions(
    text: str, ref: Reference, places: set[str], home: set[str] | None = None
) -> list[Mention]:
    """Organisations named in one text, without overlaps: a gazetteer name wins over what it
    covers; of two other candidates that overlap, the longer. `home`: the convention's commune
    and quartiers, whose own bodies "CCAS de Haisnes" names (another commune's is a body of
    that kind with its own name)."""
    found = _gazetteer(text, ref)
    taken = [(m.start, m.end) for m in found]
    others = sorted(
        (m for m in _candidates(text) if _keep(m, places)),
        key=lambda m: (-(m.end - m.start), m.start),
    )
    for m in others:
        inside = [g for g in found if g.partner and g.start <= m.start and m.end <= g.end]
        overlaps = [(s, e) for s, e in taken if s < m.end and m.start < e]
        if inside:
            continue
        extends = [g for g in found if g.partner and m.start <= g.start and g.end <= m.end]
        if extends:
            g = extends[0]
            branch = _is_branch(m, g, places)
            if branch and not _elsewhere(m, g, ref, home):
                # "CCAS de Houdain": the gazetteer's partner, here
                g.text, g.start, g.end = m.text, min(g.start, m.start), max(g.end, m.end)
            elif branch or _named_instance(m, g, ref, places):
                # "EVS Les Coquelicots", "épicerie solidaire de Violaines": a body of that kind
                m.kind = g.partner
                found = [x for x in found if x is not g]
                taken = [(s, e) for s, e in taken if (s, e) != (g.start, g.end)]
                found.append(m)
                taken.append((m.start, m.end))
            continue  # otherwise the gazetteer's name stands and the candidate goes
        if overlaps and not extends:
            continue
        found = [g for g in found if not (m.start <= g.start and g.end <= m.end)]
        taken = [(s, e) for s, e in taken if not (m.start <= s and e <= m.end)]
        found.append(m)
        taken.append((m.start, m.end))
    return sorted(found, key=lambda m: m.start)


def _is_branch(m: Mention, g: Mention, places: set[str]) -> bool:
    """A gazetteer body followed by a place ("CCAS de Houdain", "Mission locale de l'Artois",
    "UDAF 62"): the same partner, here. Before it, only an article or an organisation word."""
    before = fold(m.text[: g.start - m.start]).strip()
    if before and not re.fullmatch(r"(l'|la|le|les|\w+ (de|du|des))", before):
        return False
    rest = m.text[g.end - m.start :].strip()
    if not rest or re.fullmatch(r"\d{2,3}", rest):
        return True
    return (
        bool(re.match(r"(?:de |d['’]|du |des )(?:l['’]|la )?[A-ZÉÈ]", rest)) or _key(rest) in places
    )


def _elsewhere(m: Mention, g: Mention, ref: Reference, home: set[str] | None) -> bool:
    """A body every commune has, of a place that is not this convention's ("épicerie solidaire
    de Violaines" in Haisnes's convention)."""
    if home is None or g.partner is None or not _local(ref, g.partner):
        return False
    rest = re.sub(r"^(?:de |d['’]|du |des )(?:l['’]|la )?", "", m.text[g.end - m.start :].strip())
    return bool(rest) and _key(rest) not in home


def _named_instance(m: Mention, g: Mention, ref: Reference, places: set[str]) -> bool:
    """A kind of body every commune has, then its own name ("EVS Les Coquelicots", "médiathèque
    Louis Aragon"): that body, of that kind. "CCAS de Houdain" is a branch, not a name."""
    if g.partner is None or not _local(ref, g.partner):
        return False
    before = fold(m.text[: g.start - m.start]).strip()
    rest = m.text[g.end - m.start :].strip()
    return (
        (not before or bool(re.fullmatch(r"l'|la|le|les", before)))
        and bool(rest.strip(' «»"“”'))
        and _capital(rest.lstrip(' «"“').split()[0])
        and not re.match(r"(?:de|du|des|d['’])\s", rest, re.I)
        and _key(rest) not in places
    )


@dataclass
class Finder:
    """Finds and canonicalises the partners of one convention."""

    ref: Reference
    commune: str
    insee: str | None
    places: set[str] = field(default_factory=set)
    home: set[str] = field(default_factory=set)  # this commune and its quartiers
    partners: dict[str, Partner] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)

    quartiers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """A commune or a quartier of this convention ("Cité des Bruyères", "Fosse 13" of
        "Saint-Elie – Fosse 13") named after an organisation word is a place, not a name."""
        self.home = {_key(self.commune)}
        for name in self.quartiers:
            for part in [name, *re.split(r"\s+[-–—/]\s+|,\s*", name)]:
                self.home |= {_key(part), _key(_QUARTIER_WORD.sub("", part))}
        self.places = {_key(n) for _, n in self.ref.communes.values()} | self.home

    def prepare(self, texts: list[str]) -> None:
        """The texts `find` will read, handed to the language model in one batch."""
        prime(texts)

    def find(self, text: str, span: Span) -> list[str]:
        ids: list[str] = []
        for m in mentions(text, self.ref, self.places, self.home):
            if " | " in m.text and m.partner is None:
                # a table row's text, its cells joined by " | ": a name no gazetteer holds does
                # not run over a cell's end ("Prestations de service | 12 000 €")
                continue
            pid = self._partner(m, span)
            if pid and pid not in ids:
                ids.append(pid)
        return ids

    def find_known(self, text: str, span: Span) -> list[str]:
        """The bodies the gazetteer knows named in prose (a préambule's "l'État, la Région et le
        Département"): a name read in prose, no organisation word before it, may be anything."""
        ids: list[str] = []
        for m in _gazetteer(text, self.ref):  # the gazetteer's scan only: no language model
            if m.partner is None or (
                _local(self.ref, m.partner) and _OF_A_PLACE.match(text, m.end)
            ):
                continue  # "le CCAS de Béthune": a body of that kind elsewhere, not this one
            if (pid := self._partner(m, span)) and pid not in ids:
                ids.append(pid)
        return ids

    def named(self, item: str, span: Span) -> list[str]:
        """An item of a list of partners: the organisations found in it, else the item itself."""
        found = self.find(item, span)
        text = item.strip(" .;")
        if found or not text or fold(text) in vocab().not_orgs or not re.search(r"[^\W\d_]", text):
            return found  # (no letter: a date, a year, a span of years drifted into the column)
        if not _capital(text) and not _heads().match(fold_same_length(text) + " "):
            return found  # "entreprises de la zone": no name, no organisation word
        pid = self._partner(Mention(text, 0, len(text)), span)
        return [pid] if pid else []

    def _partner(self, m: Mention, span: Span) -> str:
        if m.partner is not None:
            d = self._definition(m.partner)
            pid = self._instance_id(d)
            p = self.partners.get(pid)
            if p is None:
                name = d.name if d.scope != "commune" else f"{d.name} ({self.commune})"
                p = self.partners[pid] = Partner(pid, name, d.acronym, d.kind, d.scope, True, span)
                p.definition = d.id
                if d.scope == "commune":
                    p.commune = (self.insee, self.commune)
            p.forms.add(clean(m.text))
            return pid
        name = display_name(m.text)
        key = _key(name)
        if m.kind is not None:
            d = self._definition(m.kind)
            pid = self.by_key.get(key) or slug(name)
            p = self.partners.setdefault(pid, Partner(pid, name, "", d.kind, "local", False, span))
            p.definition = d.id
            p.forms.add(clean(m.text))
            self.by_key[key] = pid
            return pid
        own = re.sub(r"^(communes?|villes?|mairies?)(de|d)", "", key)
        # the convention's own commune as a body ("Ville de Verquin", "Mairie", "Ville" in a
        # pilote column): a partner, named as its neighbours are ("commune d'Auchel")
        # and another commune named so ("Ville de Béthune") is "commune de Béthune"
        home = own in {"ville", "commune", "mairie"} or (own != key and own == _key(self.commune))
        commune = m.commune or home or (own != key and own in self.places)
        if key in self.places and not commune:
            return ""  # a place ("Auchel" alone), not a body
        forms = {name}
        if home:
            name = self.commune
        elif commune and not m.commune:
            name = re.sub(
                r"^(?:communes?|villes?|mairies?)\s+(?:de\s+|d['’]\s*)", "", name, flags=re.I
            )
        # a commune the reference knows is that commune's body, identified (no review)
        territory = (
            (self.insee, self.commune) if home else self.ref.commune(name) if commune else None
        )
        if commune:
            # "commune d'Auchel", and the name as the text wrote it ("les villes d'Auchel et …")
            of = "d'" if fold(name)[:1] in "aeiouy" else "de "
            name = f"commune {of}{name}"
            key = _key(name)
            forms = {name, clean(m.text)}
        known = self.by_key.get(key) or self._same_as_known(key)
        if known:
            self.partners[known].forms.update(forms)
            return known
        pid = slug(name)
        # never the IRI of another partner, nor of one of the gazetteer's
        while (
            pid in self.partners and _key(self.partners[pid].name) != key
        ) or self.ref.definition(pid) is not None:
            pid += "-2"
        kind, scope = ("public", "commune") if commune else ("other", "local")
        identified = territory is not None and territory[0] is not None
        self.partners[pid] = Partner(
            pid, name, "", kind, scope, identified, span, commune=territory
        )
        self.partners[pid].forms.update(forms)
        self.by_key[key] = pid
        return pid

    def _definition(self, pid: str) -> PartnerDef:
        d = self.ref.definition(pid)
        assert d is not None, pid  # mentions carry only the gazetteer's own ids
        return d

    def _same_as_known(self, key: str) -> str | None:
        """ "Mission locale" after "Mission locale de l'Artois", "AFEV" after its expansion:
        one partner, named by its longest form."""
        for k, pid in self.by_key.items():
            if len(key) >= 6 and len(k) >= 6 and (k.startswith(key) or key.startswith(k)):
                return pid
        return None

    def _instance_id(self, d: PartnerDef) -> str:
        """A body every commune has (its CCAS) is one partner per commune, of that kind."""
        if d.scope == "commune":
            return f"{d.id}-{self.insee or slug(self.commune)}"
        return d.id
