"""What a page may show: author HTML through an allowlist (nh3), theme-read front matter escaped.

The plugin passes the HTML of every page body (author HTML, markdown's own output, the summary
boxes and charts) through `sanitize_html`, and every front-matter value the Material theme
prints through `escape_theme_meta`, before the theme sees either (see the guide's site page)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

# Elements kept: text structure, tables, images, lists, `<details>`, the inputs and labels of
# content tabs and task lists, and the SVG shapes of the plugin's charts and Material's icons.
_HTML_TAGS = frozenset(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt "
    "em figcaption figure h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre q rp "
    "rt ruby s samp small span strong sub summary sup table tbody td tfoot th thead time tr u "
    "ul var wbr".split()
)
_SVG_TAGS = frozenset(
    "svg g defs pattern rect line path polyline polygon circle ellipse text tspan title "
    "desc".split()
)
# Removed with everything inside them: what they hold is code or a document of its own.
_REMOVED_WITH_CONTENT = frozenset(
    "script style template object embed applet noscript noembed noframes frameset xmp "
    "iframe select textarea".split()
)
_GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "style"})
_TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "align"}),
    "input": frozenset({"checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align", "headers"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "headers"}),
    "col": frozenset({"span", "align"}),
    "colgroup": frozenset({"span", "align"}),
    "table": frozenset({"align"}),
    "tr": frozenset({"align"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "svg": frozenset(
        {"viewBox", "width", "height", "xmlns", "font-family", "font-size", "focusable"}
        | {"preserveAspectRatio", "fill"}
    ),
    "g": frozenset({"transform", "fill", "stroke"}),
    "pattern": frozenset({"x", "y", "width", "height", "patternUnits"}),
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry", "fill", "stroke", "transform"}),
    "line": frozenset({"x1", "y1", "x2", "y2", "stroke", "stroke-width"}),
    "path": frozenset({"d", "fill", "stroke", "stroke-width", "transform", "fill-rule"}),
    "polyline": frozenset({"points", "fill", "stroke", "stroke-width"}),
    "polygon": frozenset({"points", "fill", "stroke", "stroke-width"}),
    "circle": frozenset({"cx", "cy", "r", "fill", "stroke", "stroke-width"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry", "fill", "stroke"}),
    "text": frozenset(
        {"x", "y", "dx", "dy", "text-anchor", "dominant-baseline", "font-size", "font-weight"}
        | {"fill", "transform"}
    ),
    "tspan": frozenset({"x", "y", "dx", "dy", "font-weight", "fill"}),
}
# Values restricted to a set: an `<input>` is a tab's radio button or a task's checkbox.
_TAG_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Inline styles may colour, size and align; nothing positions, loads or hides behind a URL.
_STYLE_PROPERTIES = frozenset(
    "color background-color fill stroke stroke-width opacity text-align vertical-align "
    "font-weight font-style font-size text-decoration white-space width height max-width "
    "min-width max-height min-height overflow-x".split()
)
_EMBED_ATTRIBUTES = frozenset({"src", "width", "height", "title", "loading", "allowfullscreen"})
# A trusted embed runs its own scripts in its own origin, and nothing of the page's.
EMBED_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-forms"
# `id`, `name` and `for` values of Material's own elements (`#__config` is the theme's settings,
# `__search` its search box, `__code_N` the code block whose text a copy button copies, …) may
# not be claimed by page content; the ids markdown extensions write for content tabs and code
# lines are theirs to use.
_EXTENSION_IDS = re.compile(r"__(?:tabbed|codelineno|annotation|fn)[\w-]*")
_REFERENCE_ATTRIBUTES = frozenset({"id", "name", "for"})
_LOCAL_URL = re.compile(r"""url\((["']?)#[\w-]+\1\)""")
# Attributes a browser reads as CSS: the inline style, and the SVG paint properties in
# attribute form (`fill="url(…)"` has a browser fetch the document it names, as a style would).
_CSS_ATTRIBUTES = frozenset({"style", "fill", "stroke"})


def _loads_nothing(value: str) -> bool:
    """Whether the CSS `value` can load nothing: `url(#id)` names a pattern of the same page
    (the charts' hatching); any other `url(`, an escape, `expression` or an at-rule could."""
    lowered = _LOCAL_URL.sub("", value.lower())
    return not ("url(" in lowered or "\\" in value or "expression" in lowered or "@" in value)


def _keep_attribute(trusted: frozenset[str]) -> Callable[[str, str, str], str | None]:
    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "pre" and attribute == "id":
            return None  # `_code_block_ids` gives each block its own
        if attribute in _REFERENCE_ATTRIBUTES:
            if value.startswith("__") and not _EXTENSION_IDS.fullmatch(value):
                return None
            return value
        if attribute in _CSS_ATTRIBUTES:
            return value if _loads_nothing(value) else None
        if element == "iframe" and attribute == "src":
            return value if embed_origin(value) in trusted else None
        return value

    return keep


def embed_origin(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute http(s) URL, lowercased; None for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    origin = f"{parts.scheme}://{parts.hostname}"
    if port is not None and port != (443 if parts.scheme == "https" else 80):
        origin += f":{port}"
    return origin


@lru_cache(maxsize=8)
def _cleaner(trusted_embeds: frozenset[str]) -> Any:
    import nh3

    tags = set(_HTML_TAGS | _SVG_TAGS)
    removed = set(_REMOVED_WITH_CONTENT)
    attributes: dict[str, set[str]] = {"*": set(_GENERIC_ATTRIBUTES)}
    attributes.update({tag: set(names) for tag, names in _TAG_ATTRIBUTES.items()})
    set_values: dict[str, dict[str, str]] = {}
    if trusted_embeds:
        tags.add("iframe")
        removed.discard("iframe")
        attributes["iframe"] = set(_EMBED_ATTRIBUTES)
        set_values["iframe"] = {"sandbox": EMBED_SANDBOX, "referrerpolicy": "no-referrer"}
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=removed,
        attributes=attributes,
        attribute_filter=_keep_attribute(trusted_embeds),
        strip_comments=True,
        link_rel=None,
        generic_attribute_prefixes={"aria-"},
        tag_attribute_values=_TAG_ATTRIBUTE_VALUES,
        set_tag_attribute_values=set_values,
        url_schemes=set(_URL_SCHEMES),
        filter_style_properties=set(_STYLE_PROPERTIES),
    )


# Deeper than browsers build (Chromium stops nesting at 512): HTML parsers look through the
# open elements for every new one, so a page of 100,000 nested `<div>` costs quadratic time.
MAX_NESTING = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*+)")
_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen".split()
)


def nesting_depth(content: str) -> int:
    """An upper bound of how deep the elements of `content` nest: start tags less end tags,
    void elements aside, at the deepest point. Linear: one pass over the tags."""
    openings = content.count("<") - content.count("</")
    if openings <= MAX_NESTING:
        return openings  # no more start tags than that: the scan could not find deeper
    depth = deepest = 0
    for match in _TAG.finditer(content):
        if match.group(1):
            depth = max(depth - 1, 0)
        elif match.group(2).lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def sanitize_html(
    content: str, trusted_embeds: Iterable[str] = (), depth: int | None = None
) -> str:
    """The HTML with only allowlisted elements, attributes and URL schemes left.

    `trusted_embeds` are origins (`https://grafana.example.com`) whose pages an `<iframe>` may
    show, sandboxed; every other iframe is removed with its content. HTML nested deeper than
    `MAX_NESTING` is shown as text; `depth`: its `nesting_depth`, when the caller has it."""
    if (nesting_depth(content) if depth is None else depth) > MAX_NESTING:
        return "<pre>" + html.escape(content) + "</pre>"
    trusted = frozenset(origin for origin in (embed_origin(o) for o in trusted_embeds) if origin)
    cleaned = _cleaner(trusted).clean(content)
    if trusted and "<iframe" in cleaned:
        cleaned = _drop_empty_frames(cleaned)
    if "<pre" in cleaned:
        cleaned = _code_block_ids(cleaned)
    return cleaned


def _code_block_ids(cleaned: str) -> str:
    """Every `<pre>` with an id of its own, unique in the page.

    Material's script names a code block after the closest element with an id around it, else
    after a running count (`__code_0`), and its copy button copies the first `#__code_… >
    code` of the page: page content with an id of that count, or the same id as a block's
    container, or a hidden block in the same container, would have the button copy another
    block's text. A block whose lines are anchored (`__codelineno-X-1`) keeps X, the name the
    script looks those anchors up by, unless an earlier block took it; the cleaner's output
    escapes `<` in text and attributes, so `<pre` is a tag."""
    parts: list[str] = []
    taken: set[str] = set()
    position = 0
    starts = [match.start() for match in _PRE.finditer(cleaned)]
    for number, start in enumerate(starts):
        following = starts[number + 1] if number + 1 < len(starts) else len(cleaned)
        end = cleaned.find("</pre>", start, following)
        anchored = _LINE_ANCHOR.search(cleaned, start, following if end == -1 else end)
        name = anchored.group(1).rpartition("-")[0] if anchored else ""
        if not name or name in taken or name.startswith("__"):
            name = f"__block-{number}"  # page content cannot give an id beginning `__`
        taken.add(name)
        parts.append(cleaned[position:start])
        parts.append(f'<pre id="{name}"')
        position = start + len("<pre")
    parts.append(cleaned[position:])
    return "".join(parts)


_PRE = re.compile(r"<pre\b")
_LINE_ANCHOR = re.compile(r'id="__codelineno-([\w-]+)"')


def _drop_empty_frames(cleaned: str) -> str:
    """Iframes whose `src` the filter refused (an untrusted origin) are removed, not left blank.

    The cleaner's output escapes `<` and `>` in attribute values and an iframe holds only
    text, so the tag's end and the closing tag are the next `>` and `</iframe>`."""
    parts: list[str] = []
    position = 0
    while True:
        start = cleaned.find("<iframe", position)
        if start == -1:
            break
        end = cleaned.find(">", start)
        close = cleaned.find("</iframe>", end)
        if end == -1 or close == -1:
            break
        parts.append(cleaned[position:start])
        if ' src="' in cleaned[start:end]:
            parts.append(cleaned[start : close + len("</iframe>")])
        position = close + len("</iframe>")
    parts.append(cleaned[position:])
    return "".join(parts)


# Front-matter keys that Material prints into every page's HTML (MkDocs renders its templates
# without autoescaping): `<meta>` tags, the navigation, the redirect template.
THEME_TEXT_KEYS = ("description", "author", "subtitle", "status")

# Keys that plugins (git-revision-date-localized) fill with HTML of their own: escaped only
# when the value is still the one the page's front matter gave.
THEME_DATE_KEYS = ("revision_date", "git_revision_date_localized", "git_creation_date_localized")
_STATUS = re.compile(r"[\w-]+")
_NOT_STATUS = re.compile(r"[^\w-]+")
_ICON = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_.-]*)*")


def _escaped(value: Any) -> str:
    return html.escape(value if isinstance(value, str) else str(value), quote=True)


def tag_list(value: Any) -> list[str]:
    """The tags a front-matter `tags` value gives, as strings: a list as written, or a string
    as one tag (`tags: post-mortem`, as HackMD writes a single tag, which the schemas accept).
    A string of several tags (`meeting, infrastructure`), a schema-violation, is read at its
    commas, as HackMD reads it. Other values are schema-violations too: a number or a date is
    read as its text (`2026`), and what is no tag at all (nothing, `true`, a list or a mapping
    inside the list) is left out."""
    if isinstance(value, str):
        return [tag.strip() for tag in value.split(",") if tag.strip()]
    if isinstance(value, list):
        return [text for text in map(_tag_text, value) if text is not None]
    text = _tag_text(value)
    return [] if text is None else [text]


def _tag_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool | list | dict):
        return None
    return str(value)


def escape_tags(meta: MutableMapping[str, Any]) -> None:
    """Make a page's `tags`, in place, the list of escaped strings the theme prints as HTML
    (`tag_list`). Done before Material's tags plugin collects them: it renders each tag's name
    unescaped on the page, in the tags index and its table of contents, and aborts the build
    on a value that is not a list of strings (`tags: true`)."""
    if "tags" in meta:
        meta["tags"] = [_escaped(tag) for tag in tag_list(meta["tags"])]


def escape_theme_meta(
    meta: MutableMapping[str, Any],
    front_matter: Callable[[], Mapping[str, Any]],
    icon_exists: Callable[[str], bool],
) -> list[str]:
    """Escape, in place, every value of `meta` that the theme prints as HTML; drop values the
    theme would choke on. Returns a note per value dropped, for the build log. (`tags` are
    escaped earlier, by `escape_tags`: Material's tags plugin reads them first.)

    `front_matter` gives the page's own front matter (read only when a date key is present);
    `icon_exists` tells whether the theme has an icon of that name."""
    notes: list[str] = []
    for key in THEME_TEXT_KEYS:
        if key in meta and meta[key] is not None:
            meta[key] = _escaped(meta[key])
    if isinstance(meta.get("status"), str) and not _STATUS.fullmatch(meta["status"]):
        # Material makes the status a class of the page's entry in every page's navigation
        # (`md-status--{status}`): words after a space would be classes of the theme's own
        # (`md-dialog--active`). One word, as the theme's statuses are.
        meta["status"] = _NOT_STATUS.sub("-", meta["status"]).strip("-") or None
    present = [key for key in THEME_DATE_KEYS if key in meta]
    if present:
        original = front_matter()
        for key in present:
            if key in original and meta[key] == original[key]:
                meta[key] = _escaped(meta[key])
    if "location" in meta:
        location = meta["location"]
        if isinstance(location, str) and _safe_location(location):
            meta["location"] = _escaped(location)
        else:
            del meta["location"]
            notes.append("front matter `location` is not an http(s) or relative URL; ignored")
    if "icon" in meta:
        icon = meta["icon"]
        if not (
            isinstance(icon, str)
            and _ICON.fullmatch(icon)
            and ".." not in icon
            and icon_exists(icon)
        ):
            del meta["icon"]
            notes.append(f"front matter `icon` {_escaped(icon)!s} is not an icon of the theme")
    if "hide" in meta and not (
        isinstance(meta["hide"], list) and all(isinstance(item, str) for item in meta["hide"])
    ):
        del meta["hide"]
        notes.append("front matter `hide` is not a list of names; ignored")
    if meta.get("template") == "redirect.html" and "location" not in meta:
        # Material's redirect page sends the reader to `location`; without one it reloads
        # itself for ever.
        del meta["template"]
        notes.append("front matter `template: redirect.html` needs a safe `location`; ignored")
    if "template" in meta and not (
        isinstance(meta["template"], str)
        and re.fullmatch(r"[\w.-]+(?:/[\w.-]+)*", meta["template"])
        and ".." not in meta["template"]
    ):
        del meta["template"]
        notes.append("front matter `template` is not a template name; ignored")
    return notes


def _safe_location(url: str) -> bool:
    """A redirect target a script may be sent to: http(s), or relative with no scheme at all."""
    stripped = "".join(char for char in url if char.isprintable() and not char.isspace())
    if stripped != url:
        return False
    if embed_origin(url) is not None:
        return True
    return ":" not in url.split("/", 1)[0] and '"' not in url and "\\" not in url
