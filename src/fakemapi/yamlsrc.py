"""YAML with positions: data built from PyYAML nodes (C loader where present), keeping the
line and column of every value, and whether each string was written plain (unquoted).

World files and scenario files both load through here, so both report errors the same way:
``file:line:column: path: what was expected``.
"""

from __future__ import annotations

import os
import stat
from typing import Any, Union

import yaml

Path = tuple[Union[str, int], ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
#: the most values a file may hold once its aliases are expanded (a "billion laughs" stops here), or
#: ten times the values it writes out, whichever is more
MAX_VALUES = 1_000_000
#: the deepest nesting of lists and mappings a file may have
MAX_DEPTH = 100
#: the largest file read (world and scenario files are text a person writes, or a recording)
MAX_FILE_BYTES = 64 * 1024 * 1024


class SourceError(ValueError):
    """A file (or dict) that does not say what it must; the message says where and why."""

    default_source = "<data>"

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None,
                 column: int | None = None, path: str = "") -> None:
        where = source or self.default_source
        if line is not None:
            where += f":{line}:{column}"
        if path:
            where += f": {path}"
        super().__init__(f"{where}: {message}")
        self.source = source
        self.line = line
        self.column = column
        self.path = path
        self.reason = message


def path_text(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Located:
    """Data built from YAML nodes, with the position of every value by its path."""

    def __init__(self, source: str | None, error: type[SourceError] = SourceError) -> None:
        self.source = source
        self.error_class = error
        self.marks: dict[Path, tuple[int, int]] = {}
        #: the position of each mapping key, by the path of its value
        self.key_marks: dict[Path, tuple[int, int]] = {}
        #: paths of strings written without quotes
        self.plain: set[Path] = set()
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path = ()) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.key(key_node, path)
                if key in out:
                    raise self.error(f"duplicate key {key!r}", path + (key,), key_node)
                self.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR_TAG:
            self.plain.add(path)
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: Path) -> Any:
        """One scalar, as YAML's core schema reads it; a value its tag cannot hold (``!!int x``,
        ``2024-02-30``, ``!!python/...``) is an error at that value."""
        if not isinstance(node, yaml.ScalarNode):  # pragma: no cover - build handles the others
            raise self.error("expected a plain value", path, node)
        try:
            return self._scalars.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise self.error(f"not valid YAML: {problem}", path, node) from None
        except (ValueError, TypeError, ArithmeticError, AttributeError, LookupError):
            tag = node.tag.rsplit(":", 1)[-1] if node.tag.startswith("tag:yaml.org,2002:") else node.tag
            raise self.error(f"{_short(node.value)} is not a valid {tag} value (quote it for a string)",
                             path, node) from None

    def key(self, node: yaml.Node, path: Path) -> Any:
        """A mapping key: a plain value, or a flow list of plain values (read as a tuple)."""
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.ScalarNode) for item in node.value):
            return tuple(self.scalar(item, path) for item in node.value)
        raise self.error("a mapping key must be a plain value (a name, a number or a quoted string), "
                         "not a mapping or a nested list", path, node)

    def where(self, path: Path) -> tuple[int | None, int | None]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (None, None))

    def error(self, message: str, path: Path, node: yaml.Node | None = None, *,
              at_key: bool = False) -> SourceError:
        """The error at ``path``: at its key when ``at_key`` (an unknown key), else at its value,
        or at its nearest ancestor when it has no position (a missing key)."""
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        elif at_key and path in self.key_marks:
            line, col = self.key_marks[path]
        else:
            line, col = self.where(path)
        return self.error_class(message, source=self.source, line=line, column=col, path=path_text(path))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def read_text(path: str, error: type[SourceError], what: str) -> str:
    """The text of the file at ``path``: a regular file of at most MAX_FILE_BYTES, UTF-8. Errors
    say what is wrong with the file and never quote its content."""
    if not isinstance(path, str) or "\0" in path:
        raise error(f"cannot read the {what}: the path holds a NUL character", source=repr(path))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror}", source=path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise error(f"cannot read the {what}: it is {kind}", source=path)
        if info.st_size > MAX_FILE_BYTES:
            raise error(f"cannot read the {what}: it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                        source=path)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror}", source=path) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise error(f"cannot read the {what}: it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", source=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[:exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        raise error(f"not UTF-8 text: byte 0x{data[exc.start]:02X} cannot start a character here (save the "
                    f"file as UTF-8)", source=path, line=line, column=col) from None


def _check_shape(node: yaml.Node, located: Located) -> None:
    """Refuse, before building anything, a document nested deeper than MAX_DEPTH, an alias that
    contains itself, or aliases that expand to more than MAX_VALUES values."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    # a large file written out in full is fine; what aliases add is bounded (a "billion laughs")
    cap = max(MAX_VALUES, 10 * _count_nodes(node))
    # an explicit stack (no recursion): (node, depth, children pushed?)
    stack: list[tuple[yaml.Node, int, bool]] = [(node, 1, False)]
    while stack:
        current, depth, expanded = stack.pop()
        key = id(current)
        if expanded:
            on_path.discard(key)
            total = 1
            for child in _children(current):
                total += sizes[id(child)]
            sizes[key] = min(total, cap + 1)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _node_error(located, current, "an alias refers to a list or mapping that contains it (a "
                                                "recursive structure cannot be read)")
        if depth > MAX_DEPTH:
            raise _node_error(located, current, f"nested deeper than {MAX_DEPTH} levels")
        on_path.add(key)
        stack.append((current, depth, True))
        for child in _children(current):
            if id(child) in on_path:
                raise _node_error(located, child, "an alias refers to a list or mapping that contains it (a "
                                                  "recursive structure cannot be read)")
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))
    if sizes[id(node)] > cap:
        raise located.error_class(f"its aliases expand to more than {cap:,} values; write the data out, "
                                  f"or use a generate: entry", source=located.source)


def _count_nodes(node: yaml.Node) -> int:
    """The distinct nodes of a document (an alias counts once)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        stack.extend(_children(current))
    return len(seen)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _node_error(located: Located, node: yaml.Node, message: str) -> SourceError:
    return located.error_class(message, source=located.source, line=node.start_mark.line + 1,
                               column=node.start_mark.column + 1)


def parse(text: str, source: str | None, error: type[SourceError], empty_hint: str) -> tuple[Any, Located]:
    """Compose ``text`` and build its data, keeping positions; syntax errors become ``error``."""
    located = Located(source, error)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error(f"not valid YAML: {exc.problem}", source=source,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position) if isinstance(exc.position, int) else (None, None)
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise error(f"not valid YAML: {what} is not allowed in a YAML file ({exc.reason}); write it as an "
                    f"escape in a double-quoted string", source=source, line=line, column=col) from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {str(exc).splitlines()[0]}", source=source) from None
    if node is None:
        raise error(f"the file is empty; {empty_hint}", source=source)
    _check_shape(node, located)
    data = located.build(node)
    return data, located
