"""YAML with positions: data built from PyYAML nodes (C loader where present), keeping the
line and column of every value, and whether each string was written plain (unquoted).

World files and scenario files both load through here, so both report errors the same way:
``file:line:column: path: what was expected``.
"""

from __future__ import annotations

from typing import Any, Union

import yaml

Path = tuple[Union[str, int], ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"


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
                key = self._scalars.construct_object(key_node, deep=True)
                if isinstance(key, list):
                    key = tuple(key)
                if key in out:
                    raise self.error(f"duplicate key {key!r}", path + (key,), key_node)
                self.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR_TAG:
            self.plain.add(path)
        return self._scalars.construct_object(node, deep=True)

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
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", source=source) from None
    if node is None:
        raise error(f"the file is empty; {empty_hint}", source=source)
    try:
        data = located.build(node)
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", source=source) from None
    return data, located
