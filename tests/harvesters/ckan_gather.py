"""ckanext-dcat's DCAT RDF harvester, gather stage, on a catalogue URL, as a CKAN portal runs it:
HEAD then GET the source (DCATHarvester._get_content_and_type), parse it with the DCAT-AP 3
profile (RDFParser, the profile CKAN uses by default), one CKAN dataset dict per dcat:Dataset,
each keyed by the harvester's own guid rule, following hydra pagination. Only the harvest job's
bookkeeping, which CKAN keeps in its database, is kept in memory here. Prints JSON.

Runs in .venv-harvest (tests/harvesters/requirements.txt), apart from the project's
environment: CKAN pins its own versions of Flask, SQLAlchemy and friends."""

from __future__ import annotations

import json
import sys
from typing import ClassVar

from ckantoolkit import config

config["ckan.locale_default"] = "fr"  # a French portal: French titles and descriptions

from ckanext.dcat.harvesters.rdf import DCATRDFHarvester  # noqa: E402
from ckanext.dcat.processors import RDFParser  # noqa: E402


class Harvester(DCATRDFHarvester):
    errors: ClassVar[list[str]] = []

    def _save_gather_error(self, message, job):  # type: ignore[no-untyped-def]
        self.errors.append(message)


def gather(source: str) -> dict[str, object]:
    h = Harvester()
    datasets: list[dict[str, object]] = []
    url: str | None = source
    while url:
        content, fmt = h._get_content_and_type(url, None, 1)
        if content is None:
            break
        parser = RDFParser()
        parser.parse(content, _format=fmt)
        for d in parser.datasets():
            d["guid"] = h._get_guid(d, source_url=source)
            datasets.append(d)
        url = parser.next_page()
    return {"datasets": datasets, "errors": h.errors}


if __name__ == "__main__":
    print(json.dumps(gather(sys.argv[1]), ensure_ascii=False, default=str))
