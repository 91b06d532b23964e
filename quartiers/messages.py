"""What the command line tells its user, in English or French by the user's locale.

Each message is written once with both wordings side by side, so none can lack a translation;
parameters are filled in at the last moment, in the language chosen from LC_ALL, LC_MESSAGES
and LANG (the POSIX order; English when none names French)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field


def language(environ: Mapping[str, str] | None = None) -> str:
    """ "fr" or "en": the first of LC_ALL, LC_MESSAGES, LANG that is set decides."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


@dataclass(frozen=True)
class Text:
    en: str
    fr: str

    def __call__(self, **params: object) -> Message:
        return Message(self, params)


@dataclass(frozen=True)
class Message:
    text: Text
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        lang = lang or language()
        template = self.text.fr if lang == "fr" else self.text.en
        return template.format(
            **{k: v.render(lang) if isinstance(v, Message) else v for k, v in self.params.items()}
        )

    def __str__(self) -> str:
        return self.render("en")


def render(message: Message | str, lang: str | None = None) -> str:
    return message.render(lang) if isinstance(message, Message) else message


# -- how a line starts ----------------------------------------------------------------------
ERROR = Text("error:", "erreur :")
WARNING = Text("warning:", "attention :")
SEE_HELP = Text("see '{command} --help'", "voir « {command} --help »")

# -- files and directories ------------------------------------------------------------------
NO_SUCH_FILE = Text("no such file or directory", "fichier ou dossier introuvable")
IS_A_DIRECTORY = Text("is a directory, not a file{hint}", "est un dossier, pas un fichier{hint}")
BUILD_HINT = Text(
    " (to convert a whole directory: quartiers build --sources DIR)",
    " (pour convertir tout un dossier : quartiers build --sources DOSSIER)",
)
NOT_A_DIRECTORY = Text("is not a directory", "n'est pas un dossier")
NOT_REGULAR = Text(
    "is {kind}, not a regular file: it cannot be read as one",
    "est {kind}, pas un fichier ordinaire : il ne peut pas être lu comme tel",
)
KIND_FIFO = Text("a named pipe (FIFO)", "un tube nommé (FIFO)")
KIND_SOCKET = Text("a socket", "un socket")
KIND_DEVICE = Text("a device", "un périphérique")
PERMISSION_DENIED = Text(
    "permission denied: cannot read it", "permission refusée : impossible de le lire"
)
NOT_WRITABLE = Text(
    "permission denied: cannot write there", "permission refusée : impossible d'y écrire"
)
CANNOT_READ = Text("cannot read it: {reason}", "impossible de le lire : {reason}")
CANNOT_WRITE = Text("cannot write there: {reason}", "impossible d'y écrire : {reason}")
EMPTY_FILE = Text("empty file", "fichier vide")
TOO_LARGE = Text(
    "too large ({size} MB; a convention's text is well under 1 MB, the limit is {limit} MB)",
    "trop volumineux ({size} Mo ; le texte d'une convention fait bien moins de 1 Mo, "
    "la limite est {limit} Mo)",
)
BINARY = Text(
    "binary file ({why}), not a text document",
    "fichier binaire ({why}), pas un document texte",
)
NUL_BYTES = Text("NUL bytes", "octets NUL")
CONTROL_BYTES = Text("control bytes", "octets de contrôle")
PDF_FILE = Text(
    "a PDF file, not a text document: extract its text first (pdftotext -layout FILE)",
    "un fichier PDF, pas un document texte : extrayez-en d'abord le texte "
    "(pdftotext -layout FICHIER)",
)
ZIP_FILE = Text(
    "a Word, OpenDocument or zip file, not a text document: save it as text or HTML first",
    "un fichier Word, OpenDocument ou zip, pas un document texte : enregistrez-le d'abord "
    "en texte ou en HTML",
)
CANNOT_DECODE = Text(
    "cannot decode text (neither UTF-8 nor Windows-1252)",
    "texte illisible (ni UTF-8 ni Windows-1252)",
)
NO_DOCUMENTS = Text(
    "no source documents in this directory", "aucun document source dans ce dossier"
)

# -- RDF data -------------------------------------------------------------------------------
NO_RDF_FILES = Text(
    "no Turtle files (*.ttl) in this directory", "aucun fichier Turtle (*.ttl) dans ce dossier"
)
NO_TRIPLES = Text(
    "no data: the files given hold no triples", "aucune donnée : les fichiers donnés sont vides"
)
NOT_RDF_DOCUMENT = Text(
    "a convention document, not RDF data: convert it first (quartiers convert)",
    "un document de convention, pas des données RDF : convertissez-le d'abord (quartiers convert)",
)
BINARY_RDF = Text(
    "binary file (NUL bytes), not {format}", "fichier binaire (octets NUL), pas du {format}"
)
UTF16_RDF = Text(
    "encoded as UTF-16: {format} files must be UTF-8",
    "encodé en UTF-16 : les fichiers {format} doivent être en UTF-8",
)
NOT_UTF8 = Text(
    "not valid UTF-8: {format} files must be UTF-8 (re-save it as UTF-8)",
    "UTF-8 invalide : les fichiers {format} doivent être en UTF-8 (réenregistrez-le en UTF-8)",
)
INVALID_RDF = Text("not valid {format}: {reason}", "{format} invalide : {reason}")
REMOTE_CONTEXT = Text(
    "not valid JSON-LD here: remote @context documents are not fetched (inline the context)",
    "JSON-LD non accepté ici : les documents @context distants ne sont pas chargés (incluez le "
    "contexte dans le fichier)",
)
UNEXPECTED_END = Text("unexpected end of file", "fin de fichier inattendue")
INVALID_SHAPES = Text("invalid SHACL shapes: {reason}", "formes SHACL invalides : {reason}")
SHACL_FAILED = Text("SHACL validation failed: {reason}", "échec de la validation SHACL : {reason}")
NO_SHAPES = Text("no SHACL shapes found", "aucune forme SHACL trouvée")

# -- options --------------------------------------------------------------------------------
BAD_BASE = Text(
    "'{value}' is not an absolute http(s) IRI to mint data IRIs under "
    "(e.g. https://example.org/id/)",
    "« {value} » n'est pas une IRI http(s) absolue sous laquelle créer les IRI des données "
    "(par ex. https://example.org/id/)",
)
NO_SUCH_OPTION = Text("no such option: {name}{suggestion}", "option inconnue : {name}{suggestion}")
DID_YOU_MEAN = Text(" (did you mean {names}?)", " (vouliez-vous dire {names} ?)")
MISSING_PARAMETER = Text("missing {kind} {name}", "{kind} manquant : {name}")
KIND_ARGUMENT = Text("argument", "argument")
KIND_OPTION = Text("option", "option")
BAD_VALUE = Text("invalid value for {name}: {detail}", "valeur invalide pour {name} : {detail}")
UNKNOWN_FORMAT = Text(
    "unknown format '{value}' ({choices})", "format inconnu « {value} » ({choices})"
)
NO_SUCH_COMMAND = Text("no such command: {name}", "commande inconnue : {name}")

BAD_SETTING = Text(
    "{name}='{value}' in the environment: expected {expected}",
    "{name}='{value}' dans l'environnement : attendu {expected}",
)
A_COUNT = Text("a whole number from 1", "un nombre entier à partir de 1")
QUARTIERS_RANGE = Text(
    "{value} is not in 1 to {most} (the quartiers the synthetic codes can name)",
    "{value} n'est pas entre 1 et {most} (les quartiers que les codes synthétiques peuvent nommer)",
)

# -- a remote SPARQL engine (--endpoint) ----------------------------------------------------
ENDPOINT_URL = Text(
    "'{value}' is not the http(s) URL of a SPARQL endpoint (e.g. http://localhost:7878/query)",
    "« {value} » n'est pas l'URL http(s) d'un point d'accès SPARQL "
    "(par ex. http://localhost:7878/query)",
)
ENDPOINT_UNREACHABLE = Text(
    "cannot reach the SPARQL endpoint: {reason}",
    "point d'accès SPARQL injoignable : {reason}",
)
ENDPOINT_CREDENTIALS = Text(
    "the SPARQL endpoint asks for credentials ({status}): set QUARTIERS_ENDPOINT_TOKEN, or "
    "QUARTIERS_ENDPOINT_USER and QUARTIERS_ENDPOINT_PASSWORD",
    "le point d'accès SPARQL demande des identifiants ({status}) : définissez "
    "QUARTIERS_ENDPOINT_TOKEN, ou QUARTIERS_ENDPOINT_USER et QUARTIERS_ENDPOINT_PASSWORD",
)
ENDPOINT_REFUSED = Text(
    "the SPARQL endpoint refused the credentials given ({status}): check "
    "QUARTIERS_ENDPOINT_TOKEN, or QUARTIERS_ENDPOINT_USER and QUARTIERS_ENDPOINT_PASSWORD",
    "le point d'accès SPARQL a refusé les identifiants donnés ({status}) : vérifiez "
    "QUARTIERS_ENDPOINT_TOKEN, ou QUARTIERS_ENDPOINT_USER et QUARTIERS_ENDPOINT_PASSWORD",
)
ENDPOINT_STATUS = Text(
    "the SPARQL endpoint answered {status} to {what}: {said}",
    "le point d'accès SPARQL a répondu {status} à {what} : {said}",
)
ENDPOINT_FORMAT = Text(
    "the SPARQL endpoint answered in an unexpected format: '{media}'",
    "le point d'accès SPARQL a répondu dans un format inattendu : « {media} »",
)
A_QUERY = Text("a query", "une requête")
AN_UPDATE = Text("an update", "une mise à jour")

OLD_STORE = Text(
    "this store was written by an older version (no generations): serve it again from the "
    "Turtle files with --data",
    "cet entrepôt a été écrit par une version antérieure (sans générations) : servez-le à "
    "nouveau à partir des fichiers Turtle avec --data",
)

# -- serving --------------------------------------------------------------------------------
PORT_IN_USE = Text(
    "port {port} on {host} is already in use (another server?): choose another with --port",
    "le port {port} sur {host} est déjà utilisé (un autre serveur ?) : choisissez-en un autre "
    "avec --port",
)
PORT_DENIED = Text(
    "not allowed to listen on port {port} (ports below 1024 need privileges): use --port 8000",
    "pas le droit d'écouter sur le port {port} (les ports sous 1024 demandent des privilèges) : "
    "utilisez --port 8000",
)
CANNOT_LISTEN = Text(
    "cannot listen on {host}:{port}: {reason}", "impossible d'écouter sur {host}:{port} : {reason}"
)
EMPTY_DATASET = Text(
    "no data loaded: serving an empty store (pass --allow-empty if that is what you mean)",
    "aucune donnée chargée : le serveur sert un entrepôt vide (passez --allow-empty si c'est "
    "voulu)",
)
SERVING_ON = Text(
    "serving on {url} (SPARQL: {url}sparql)", "en service sur {url} (SPARQL : {url}sparql)"
)
STARTUP_FAILED = Text(
    "the server could not start (see the log above)",
    "le serveur n'a pas pu démarrer (voir le journal ci-dessus)",
)

REDIRECTS_HEADER = Text(
    "the header must name the columns old,new", "l'en-tête doit nommer les colonnes old,new"
)
REDIRECTS_EMPTY = Text("empty path", "chemin vide")
REDIRECTS_TWICE = Text("'{path}' is redirected twice", "« {path} » est redirigé deux fois")
REDIRECTS_LOOP = Text("redirect loop through '{path}'", "boucle de redirections par « {path} »")

# -- SPARQL ---------------------------------------------------------------------------------
SPARQL_AT = Text(
    "SPARQL syntax error at line {line}, column {column}: {reason}",
    "erreur de syntaxe SPARQL ligne {line}, colonne {column} : {reason}",
)
SPARQL_SYNTAX = Text("SPARQL syntax error: {reason}", "erreur de syntaxe SPARQL : {reason}")
SPARQL_ERROR = Text("SPARQL error: {reason}", "erreur SPARQL : {reason}")
SPARQL_NEAR = Text(
    "cannot read the query from {found} on", "impossible de lire la requête à partir de {found}"
)
SPARQL_UNEXPECTED = Text("unexpected {found}{expected}", "{found} inattendu{expected}")
SPARQL_EXPECTED = Text("; expected {tokens}", " ; attendu : {tokens}")
SPARQL_UNEXPECTED_END = Text(
    "unexpected end of the query{expected}", "fin de la requête inattendue{expected}"
)
SPARQL_PREFIX = Text(
    "the prefix '{prefix}:' is not declared (add PREFIX {prefix}: <…>)",
    "le préfixe « {prefix}: » n'est pas déclaré (ajoutez PREFIX {prefix}: <…>)",
)
SPARQL_TOO_DEEP = Text(
    "the query is nested too deeply or has too many patterns",
    "la requête est trop imbriquée ou a trop de motifs",
)
SPARQL_NESTED = Text(
    "the query is nested {depth} levels deep; at most {limit} are read",
    "la requête est imbriquée sur {depth} niveaux ; au plus {limit} sont lus",
)
SPARQL_BAD_IRI = Text("invalid IRI", "IRI invalide")
UNKNOWN_QUERY = Text(
    "unknown query '{name}': neither a named query ({names}), nor a .rq file, nor SPARQL text",
    "requête inconnue « {name} » : ni une requête nommée ({names}), ni un fichier .rq, "
    "ni du texte SPARQL",
)
SPARQL_UPDATE = Text(
    "this is a SPARQL Update, not a query: `quartiers query` only reads",
    "c'est une mise à jour SPARQL, pas une requête : `quartiers query` ne fait que lire",
)

# -- named queries and their parameters ------------------------------------------------------
PARAM_PAIR = Text(
    "--param '{pair}': expected name=value", "--param « {pair} » : attendu nom=valeur"
)
PARAM_TWICE = Text("--param {name} given twice", "--param {name} donné deux fois")
PARAM_UNKNOWN = Text(
    "query '{query}' has no parameter {names} (parameters: {accepted})",
    "la requête « {query} » n'a pas de paramètre {names} (paramètres : {accepted})",
)
NO_PARAMS = Text("none", "aucun")
PARAM_TYPE = Text(
    "parameter '{name}' must be {type}, not '{value}'",
    "le paramètre « {name} » doit être {type}, pas « {value} »",
)
A_STRING = Text("a string", "une chaîne")
AN_IRI = Text("an IRI", "une IRI")
AN_INTEGER = Text("an integer", "un nombre entier")
A_DECIMAL = Text("a decimal number", "un nombre décimal")
PARAM_HEADER = Text(
    "bad '# param:' header '{line}' (expected: name (type, default value): description; type "
    "one of {types})",
    "en-tête « # param: » invalide « {line} » (attendu : nom (type, default valeur) : "
    "description ; type parmi {types})",
)
QUERY_EVALUATION = Text(
    "the query could not be evaluated: {reason}", "la requête n'a pas pu être évaluée : {reason}"
)
RESULT_FORMAT = Text(
    "format '{format}' is not for SELECT/ASK results (use {formats})",
    "le format « {format} » ne convient pas aux résultats SELECT/ASK (utilisez {formats})",
)

# -- conversion ------------------------------------------------------------------------------
STRICT_LOSSES = Text(
    "{count} losses with --strict: {kinds} (run without --strict to keep them as warnings in "
    "the report)",
    "{count} pertes avec --strict : {kinds} (lancez sans --strict pour les garder comme "
    "avertissements dans le rapport)",
)

# -- the unexpected ---------------------------------------------------------------------------
INTERNAL = Text(
    "internal error ({error}): this is a bug in quartiers-kg, not a problem with your input; "
    "please report it at {where} with the output of the same command run with --verbose",
    "erreur interne ({error}) : c'est un défaut de quartiers-kg, pas un problème de vos "
    "données ; merci de le signaler sur {where} avec la sortie de la même commande lancée "
    "avec --verbose",
)
INTERRUPTED = Text("interrupted", "interrompu")
