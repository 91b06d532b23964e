"""schemathesis against the running server's own OpenAPI description: requests generated for
every operation, valid and invalid, never get a 500 (a 503 is the queue or the timeout
refusing, with Retry-After)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.conftest import Server

EXAMPLES = 6  # per operation and mode: ~30 operations, kept modest so the suite stays fast


def test_no_operation_answers_a_server_error(server: Server) -> None:
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    seen: list[str] = []
    for result in schema.get_all_operations():
        op = result.ok()
        seen.append(op.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=op.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case: schemathesis.Case) -> None:
                resp = case.call(base_url=server.url, timeout=60)
                assert resp.status_code < 500 or (
                    resp.status_code == 503 and "retry-after" in resp.headers
                ), (case.method, case.formatted_path, resp.status_code, resp.text[:300])

            try:
                check()
            except Unsatisfiable:
                # no parameter or body to make invalid: nothing for the negative mode to send
                assert mode is GenerationMode.NEGATIVE, op.label
    assert "GET /sparql" in seen and "POST /update" in seen and "PUT /store" in seen
    assert any(label.startswith("GET /api/") for label in seen)
