"""Test-only adapter: lets the Elasticsearch 8 client talk to osmem-server.

The 8.x client sends `application/vnd.elasticsearch+json; compatible-with=8`
(and `+x-ndjson` for bulk), which osmem answers with 406; this node class
rewrites those two headers to the plain types (see shared/ELASTICSEARCH_TESTING.md).
Never used by production code.
"""

from elastic_transport import Urllib3HttpNode

PLAIN = {
    "application/vnd.elasticsearch+json": "application/json",
    "application/vnd.elasticsearch+x-ndjson": "application/x-ndjson",
}


def _plain(value: str) -> str:
    for vendor, plain in PLAIN.items():
        if value.startswith(vendor):
            return plain
    return value


class OsmemCompatibleNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers is not None:
            headers = headers.copy()
            for name in ("content-type", "accept"):
                if name in headers:
                    headers[name] = _plain(headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)
