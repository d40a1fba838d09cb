"""The front of `kgborder serve`: the only way in to its Oxigraph server.

Each SPARQL 1.1 Protocol query (GET ``?query=``, POST of a form, POST of
``application/sparql-query``) is read with ``sparql_safety.check_query``, exactly as `kgborder
query` reads it, and only the text the check re-wrote from its tokens is forwarded, so the
server evaluates what was checked; a refusal is an HTTP 400 with the one-line reason. The Graph
Store Protocol is forwarded for reading (GET, HEAD); updates and writes get 403.
"""
from __future__ import annotations

import urllib.parse

import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from .sparql_safety import MAX_LENGTH, check_query
from .errors import KgborderError

# A form-encoded query may triple in length (%XX); anything longer is refused before it is read.
MAX_BODY = 4 * MAX_LENGTH
_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_PASSED_HEADERS = ("content-type", "content-disposition", "vary")


async def _read_body(request: Request) -> bytes | None:
    """The request's body, or None if it is longer than MAX_BODY."""
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY:
            return None
    return data


async def _query_params(request: Request) -> list[tuple[str, str]] | Response:
    """A query request's parameters: the URL's and a POSTed form's (or the POSTed query as the
    parameter 'query'); or the error response to a body too long or of another type."""
    pairs = urllib.parse.parse_qsl(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return pairs
    data = await _read_body(request)
    if data is None:
        return PlainTextResponse(f"the request is longer than {MAX_BODY:,} bytes", status_code=413)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        pairs += urllib.parse.parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True)
    elif kind == "application/sparql-query":
        pairs.append(("query", data.decode("utf-8", "replace")))
    else:
        return PlainTextResponse("a query is POSTed as application/sparql-query or as a form", status_code=415)
    return pairs


def front_app(inner: str) -> Starlette:
    """The front for the Oxigraph server at ``inner`` (``http://127.0.0.1:PORT``)."""
    client = httpx.AsyncClient(base_url=inner, timeout=httpx.Timeout(None, connect=5.0))

    async def forward(method: str, path: str, request: Request, params=None, content: bytes | None = None,
                      content_type: str | None = None) -> Response:
        headers = {"accept": request.headers.get("accept", "*/*")}
        if content_type:
            headers["content-type"] = content_type
        upstream = await client.send(client.build_request(method, path, params=params, content=content,
                                                          headers=headers), stream=True)
        kept = {k: v for k, v in upstream.headers.items() if k.lower() in _PASSED_HEADERS}
        return StreamingResponse(upstream.aiter_raw(), status_code=upstream.status_code, headers=kept,
                                 background=BackgroundTask(upstream.aclose))

    async def sparql_query(request: Request) -> Response:
        pairs = await _query_params(request)
        if isinstance(pairs, Response):
            return pairs
        texts = [v for k, v in pairs if k == "query"]
        if len(texts) != 1:
            return PlainTextResponse("give exactly one 'query' parameter", status_code=400)
        try:
            shape = check_query(texts[0])
        except KgborderError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        dataset = [(k, v) for k, v in pairs if k in _DATASET_PARAMS]
        return await forward("POST", "/query", request, params=dataset, content=shape.text.encode("utf-8"),
                             content_type="application/sparql-query; charset=utf-8")

    async def graph_store(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return PlainTextResponse("this endpoint is read-only", status_code=403)
        return await forward(request.method, "/store", request, params=request.url.query)

    async def read_only(request: Request) -> Response:
        return PlainTextResponse("this endpoint is read-only", status_code=403)

    routes = [Route("/query", sparql_query, methods=["GET", "POST"]),
              Route("/store", graph_store, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
              Route("/update", read_only, methods=["GET", "POST", "PUT", "DELETE", "PATCH"])]
    return Starlette(routes=routes)
