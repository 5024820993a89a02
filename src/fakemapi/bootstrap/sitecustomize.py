"""Put on PYTHONPATH by ``fakemapi run``: Python processes started by the program install the
fake too, when FAKEMAPI_WORLD is set. Then any other sitecustomize on the path runs as usual."""

import os
import sys


def _install() -> None:
    world = os.environ.get("FAKEMAPI_WORLD")
    if not world:
        return
    try:
        import fakemapi
        from fakemapi.trace import DEFAULT_TRACE_SIZE, parse_size

        fakemapi.install(None if world == "default" else world,
                         flavor=os.environ.get("FAKEMAPI_FLAVOR", "x64"),
                         strict=os.environ.get("FAKEMAPI_STRICT", "") == "1",
                         trace_size=parse_size(os.environ.get("FAKEMAPI_TRACE_SIZE", str(DEFAULT_TRACE_SIZE))))
    except Exception as exc:  # noqa: BLE001 - a broken world must not stop the interpreter
        sys.stderr.write(f"fakemapi: could not install the fake in process {os.getpid()}: {exc}\n")


def _chain() -> None:
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


_install()
_chain()
