"""The PDF renderer's only way to read resources: local files inside allowed folders.

Nothing is fetched from the network. ``data:`` URLs are read inline; ``file:`` URLs only when the
file lies inside the federation's, its plugins' or the shared templates' folders (after resolving
symlinks and '..'). Every refused reference is remembered so the build fails naming it.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedReference(ValueError):
    pass


class RestrictedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    def __init__(self, allowed_roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.allowed_roots)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not self.allows(url):
            self.refused.append(url)
            raise RefusedReference(f"refused to read {url}: only files inside the federation, "
                                   "plugin and template folders may be used")
        return super().fetch(url, headers)
