"""A small extractor check: user-facing strings that are not marked for translation.

Python (``python_findings``): string literals in the places Django shows to people:
``ValidationError`` / ``InvalidResponse`` messages, ``messages.*``, ``HttpResponse`` bodies,
form and model ``label`` / ``help_text`` / ``verbose_name`` / ``error_messages`` /
``empty_label``, a model field's first argument (its verbose name), ``TextChoices`` labels,
``Meta.verbose_name``, admin ``@action`` / ``@display`` descriptions, ``add_error`` and
``self.fields[...].label = ...``. In the modules whose job is to produce sentences for
people (:data:`TEXT_MODULES`: "Why this number?", plan messages, needs-help reasons, chart
text alternatives, badge rules, status labels, e-mails) every prose literal counts.

Templates (``template_findings``): text nodes and the user-visible attributes (title, alt,
aria-label, placeholder, a button's value) once ``{% translate %}``, ``{% blocktranslate %}``
blocks, comments, ``{{ variables }}``, other tags, ``<script>`` and ``<style>`` are removed.

A literal is marked when it is inside ``_()``, ``gettext``, ``gettext_lazy``, ``ngettext``,
``pgettext`` (and their lazy forms). Only genuinely untranslatable text is allowed
(:data:`ALLOWED`): the brand, symbols, format codes. Each finding is ``path:line: text``.
"""

import ast
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

MARKERS = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
        "gettext_noop",
    }
)
MESSAGE_CALLS = frozenset({"ValidationError", "InvalidResponse"})
RESPONSE_CALLS = frozenset(
    {"HttpResponse", "HttpResponseBadRequest", "HttpResponseForbidden", "HttpResponseNotFound"}
)
TEXT_KEYWORDS = frozenset(
    {
        "label",
        "help_text",
        "verbose_name",
        "verbose_name_plural",
        "empty_label",
        "violation_error_message",
        "value_label",
        "x_label",
    }
)
# Keyword arguments that are text only when a chart or page is being built (not a model's
# ``title`` field): checked in calls to these functions.
CHART_CALLS = frozenset({"bar_chart", "mastery_line_chart", "activity_calendar"})
MESSAGE_LEVELS = frozenset({"debug", "info", "success", "warning", "error"})
RELATION_FIELDS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField"})
CHOICES_BASES = frozenset({"TextChoices", "IntegerChoices", "Choices"})

TEXT_MODULES = (
    "accounts/emails.py",
    "achievements/rules.py",
    "progress/mastery/explain.py",
    "progress/mastery/status.py",
    "progress/plans/messages.py",
    "progress/reports/needs_help.py",
    "progress/reports/charts/bars.py",
    "progress/reports/charts/calendar.py",
    "progress/reports/charts/lines.py",
)

ALLOWED = re.compile(
    r"""\A(?:
        Pathwise                      # the brand
      | [^A-Za-z\u00c0-\u024f]*       # symbols, digits, punctuation
      | %[-#0 +]*\d*(?:\.\d+)?[sdfr]  # format codes
      | [A-Z][A-Z0-9_]+               # format names (DATE_FORMAT)
      | ok                            # the health check's body, read by machines
    )\Z""",
    re.VERBOSE,
)
# In a text module, literals are also codes: identifiers, CSS classes, keys.
CODE = re.compile(
    r"""\A(?:
        [A-Za-z_][\w.-]*%?                 # identifiers, codes, CSS classes
      | (?:[a-z][a-z0-9]*[-_][\w-]*\s*)+   # a list of CSS classes (cal-day cal-active)
    )\Z""",
    re.VERBOSE,
)
_MARKUP = re.compile(r"<[^<>]*>|<[a-z]+ [^<>]*\Z|\A[^<>]*>")


def needs_translation(text: str) -> bool:
    """True for text a person reads; false for the brand, symbols, format codes, markup."""
    stripped = _MARKUP.sub(" ", text).strip()
    if not stripped or ALLOWED.match(stripped):
        return False
    words = re.sub(r"\bPathwise\b", " ", stripped)  # the brand next to symbols is no text
    return bool(re.search(r"[A-Za-z\u00c0-\u024f]{2}", words))


def _prose(text: str) -> bool:
    """Prose in a text module: words separated by spaces (a single word may be a code)."""
    text = _MARKUP.sub(" ", text)
    if CODE.match(text.strip()):
        return False
    return needs_translation(text) and bool(re.search(r"[A-Za-z]{2,}[,.:;!?]?\s+\S", text))


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _unmarked(node: ast.AST | None, *, strict: bool = True) -> Iterator[ast.AST]:
    """The literals in ``node`` (an expression shown to a person) that no marker wraps."""
    check = needs_translation if strict else _prose
    if node is None:
        return
    if isinstance(node, ast.Call) and _call_name(node) in MARKERS:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if check(node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        if check(text):
            yield node
    elif isinstance(node, ast.BinOp):
        yield from _unmarked(node.left, strict=strict)
        if isinstance(node.op, ast.Add):
            yield from _unmarked(node.right, strict=strict)
    elif isinstance(node, ast.IfExp):
        yield from _unmarked(node.body, strict=strict)
        yield from _unmarked(node.orelse, strict=strict)
    elif isinstance(node, ast.Call) and _call_name(node) == "format":
        yield from _unmarked(getattr(node.func, "value", None), strict=strict)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _unmarked(value, strict=strict)


class _PythonScan(ast.NodeVisitor):
    def __init__(self, *, text_module: bool):
        self.text_module = text_module
        self.found: list[ast.AST] = []
        self.seen: set[int] = set()
        self.skip: set[int] = set()  # literals that are not text (keys, codes, comparisons)

    def report(self, nodes: Iterable[ast.AST]) -> None:
        for node in nodes:
            if id(node) not in self.seen:
                self.seen.add(id(node))
                self.found.append(node)

    # -- the places Django shows strings to people ---------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        func = node.func
        if name in MESSAGE_CALLS | RESPONSE_CALLS and node.args:
            self.report(_unmarked(node.args[0]))
        is_message = isinstance(func, ast.Attribute) and _call_name(func.value) == "messages"
        if name in MESSAGE_LEVELS and is_message and len(node.args) >= 2:
            self.report(_unmarked(node.args[1]))
        if name == "add_message" and len(node.args) >= 3:
            self.report(_unmarked(node.args[2]))
        if name == "message_user" and len(node.args) >= 2:
            self.report(_unmarked(node.args[1]))
        if name == "add_error" and len(node.args) >= 2:
            self.report(_unmarked(node.args[1]))
        is_field = name.endswith("Field") and name not in RELATION_FIELDS
        owner = _call_name(func.value) if isinstance(func, ast.Attribute) else ""
        on_module = owner in ("models", "forms")
        if is_field and on_module and node.args:
            self.report(_unmarked(node.args[0]))
        for keyword in node.keywords:
            if keyword.arg in TEXT_KEYWORDS or keyword.arg == "error_messages":
                self.report(_unmarked(keyword.value))
            if keyword.arg == "message" and name in MESSAGE_CALLS:
                self.report(_unmarked(keyword.value))
            if keyword.arg == "choices":
                self._choices(keyword.value)
            if keyword.arg == "title" and name in CHART_CALLS:
                self.report(_unmarked(keyword.value))
            if keyword.arg == "description" and name in ("action", "display"):
                self.report(_unmarked(keyword.value))
        if (
            name in MARKERS
            or name in ("getLogger", "debug", "exception")
            or name
            in (
                "startswith",
                "endswith",
                "get",
                "getattr",
                "setdefault",
                "pop",
            )
        ):
            for sub in ast.walk(node):
                self.skip.add(id(sub))
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = {_call_name(b) for b in node.bases}
        for stmt in node.body:
            if bases & CHOICES_BASES and isinstance(stmt, ast.Assign):
                value = stmt.value
                if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                    self.report(_unmarked(value.elts[-1]))
            if node.name == "Meta" and isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name) and target.id in TEXT_KEYWORDS:
                        self.report(_unmarked(stmt.value))
        self.generic_visit(node)

    def _choices(self, value: ast.AST) -> None:
        """(value, label) pairs written out: each label is text."""
        if isinstance(value, ast.List | ast.Tuple):
            for pair in value.elts:
                if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
                    self.report(_unmarked(pair.elts[1]))

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id.endswith("CHOICES"):
                self._choices(node.value)
            if isinstance(target, ast.Attribute) and target.attr in (
                "label",
                "help_text",
                "short_description",
                "empty_label",
            ):
                self.report(_unmarked(node.value))
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        # xgettext cannot read inside an f-string: a marker there is never extracted.
        for value in node.values:
            for sub in ast.walk(value):
                if isinstance(sub, ast.Call) and _call_name(sub) in MARKERS:
                    self.report([sub])
        self.generic_visit(node)

    # -- not text, in a text module: dict keys, comparisons, subscripts, docstrings ------
    def visit_Dict(self, node: ast.Dict) -> None:
        for key in node.keys:
            if key is not None:
                self.skip.add(id(key))
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for sub in ast.walk(node):
            self.skip.add(id(sub))
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        for sub in ast.walk(node.slice):
            self.skip.add(id(sub))
        self.generic_visit(node)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            ids.add(id(node.value))  # attribute docstrings ("""...""" after an assignment)
    return ids


def _text_module_literals(tree: ast.AST, scan: _PythonScan) -> Iterator[ast.AST]:
    """Every prose literal of a text module that no marker wraps."""
    marked = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MARKERS:
            marked.update(id(sub) for sub in ast.walk(node))
    skip = scan.skip | marked | _docstrings(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
        if isinstance(node, ast.Constant | ast.JoinedStr):
            yield from _unmarked(node, strict=False)


def python_findings(root: Path, paths: Iterable[Path]) -> list[str]:
    findings = []
    text_modules = {root / p for p in TEXT_MODULES}
    for path in sorted(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        scan = _PythonScan(text_module=path in text_modules)
        scan.visit(tree)
        nodes = list(scan.found)
        if path in text_modules:
            seen = {id(n) for n in nodes}
            nodes += [n for n in _text_module_literals(tree, scan) if id(n) not in seen]
        for node in sorted(nodes, key=lambda n: (n.lineno, n.col_offset)):
            findings.append(f"{path.relative_to(root)}:{node.lineno}: {_text_of(node)}")
    return findings


def _text_of(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return repr(node.value)
    return ast.unparse(node)[:120]


# --- templates ------------------------------------------------------------------------

_BLOCK_TRANSLATE = re.compile(
    r"{%-?\s*blocktrans(?:late)?\b.*?{%-?\s*endblocktrans(?:late)?\s*-?%}", re.DOTALL
)
_COMMENT_BLOCK = re.compile(r"{%\s*comment\s*.*?%}.*?{%\s*endcomment\s*%}", re.DOTALL)
_COMMENT = re.compile(r"{#.*?#}", re.DOTALL)
# Blocks that fill an attribute, not the page: {% block main_class %} wide{% endblock %}.
_CLASS_BLOCK = re.compile(r"{%\s*block\s+\w*class\s*%}.*?{%\s*endblock\b.*?%}", re.DOTALL)
_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
VISIBLE_ATTRIBUTES = frozenset({"title", "alt", "aria-label", "placeholder"})


def _blank(match: re.Match) -> str:
    """Remove a match but keep its line breaks, so line numbers stay right."""
    return "\n" * match.group(0).count("\n")


class _TemplateScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.raw_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.raw_depth += 1
        values = dict(attrs)
        for name, value in attrs:
            # A <button>'s value is sent, not shown; an <input> button shows its value.
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value"
                and tag == "input"
                and values.get("type") in ("submit", "button", "reset")
            )
            if visible and value and needs_translation(value):
                self.found.append((self.getpos()[0], f"{name}={value!r}"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.raw_depth -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.raw_depth = max(0, self.raw_depth - 1)

    def handle_data(self, data):
        if not self.raw_depth and needs_translation(data):
            leading = data[: len(data) - len(data.lstrip())]
            line = self.getpos()[0] + leading.count("\n")
            self.found.append((line, " ".join(data.split())))


def template_text(source: str) -> str:
    """The template with translated blocks, comments and template tags removed."""
    for pattern in (_COMMENT_BLOCK, _COMMENT, _CLASS_BLOCK, _BLOCK_TRANSLATE, _TAG):
        source = pattern.sub(_blank, source)
    return source


def template_findings(root: Path, paths: Iterable[Path]) -> list[str]:
    findings = []
    for path in sorted(paths):
        scan = _TemplateScan()
        scan.feed(template_text(path.read_text(encoding="utf-8")))
        scan.close()
        for line, text in scan.found:
            findings.append(f"{path.relative_to(root)}:{line}: {text}")
    return findings
