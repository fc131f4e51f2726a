"""Static tamper checks on the code a student wrote.

Hidden tests run in the student's own kernel, so a student could try to make
them pass without answering: swallow the assertion errors, patch pvkit, rebind
builtins, kill the kernel before the tests run, or hand over an object whose
``__eq__`` always says yes. The tests defend themselves (exact type checks,
literal expected values, builtins taken from the ``builtins`` module), and this
module adds a static check with :mod:`ast` of the student's cells.

The rules are deliberately narrow: they name things an honest answer to a
course exercise never needs (``get_ipython()``, ``exec``, dunder attributes,
``sys.modules``, assignments into pvkit modules, ...). The exercise tests prove
that the reference solution trips none of them.

>>> find_tampering("x = {'apollo': 'market shaping'}")
[]
>>> find_tampering("get_ipython().set_custom_exc((AssertionError,), None)")
['line 1: touches .set_custom_exc', 'line 1: uses get_ipython']
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import lru_cache

# Names an answer never needs; each either reaches the interpreter's machinery or
# hides what code runs.
FORBIDDEN_NAMES = frozenset({
    "__builtins__", "__builtin__", "__import__", "get_ipython", "exec", "eval",
    "compile", "globals", "locals", "vars", "setattr", "delattr", "breakpoint",
})
# Modules that can rewrite the kernel, the interpreter or other modules.
FORBIDDEN_MODULES = frozenset({
    "builtins", "__builtin__", "ctypes", "gc", "inspect", "importlib", "IPython",
    "ipykernel", "signal", "atexit", "subprocess", "unittest", "threading",
    "multiprocessing", "_thread", "pvkit.grading",
    # these rebuild objects or code from bytes, out of a static check's sight
    "pickle", "_pickle", "marshal", "copyreg", "shelve", "dill", "cloudpickle", "joblib",
    "types", "code", "codeop", "runpy",
})
# Attributes that swallow errors, end the kernel or swap modules, whatever object
# they hang on (sys.modules, os._exit, shell.set_custom_exc, ...).
FORBIDDEN_ATTRS = frozenset({
    "modules", "displayhook", "excepthook", "settrace", "setprofile", "_exit",
    "kill", "killpg", "abort", "set_custom_exc", "showtraceback", "meta_path",
    "path_hooks", "f_globals", "f_builtins", "f_locals", "f_back", "tb_frame",
    "read_pickle",
})
ALLOWED_DUNDER_ATTRS = frozenset({"__name__", "__doc__"})
ALLOWED_DUNDER_DEFS = frozenset({"__init__", "__repr__", "__str__", "__post_init__"})
ALLOWED_MAGICS = frozenset({"matplotlib"})
PROTECTED_PACKAGE = "pvkit"

_DUNDER = re.compile(r"^__\w+__$")


@lru_cache(maxsize=1)
def _pvkit_api() -> frozenset[str]:
    """Public names of pvkit's model modules: patching them is tampering."""
    from pvkit import appraisal, capabilities, data, frameworks, missions, rewards, value

    modules = (appraisal, capabilities, data, frameworks, missions, rewards, value)
    return frozenset(name for module in modules for name in module.__all__)


def find_tampering(source: str, protected: Iterable[str] = ()) -> list[str]:
    """List the tampering findings in one cell of (IPython) code.

    Parameters
    ----------
    source : str
        The cell's source as the student wrote it; IPython syntax such as
        ``%magic`` is translated first, as the kernel would.
    protected : iterable of str, optional
        Names bound to pvkit modules elsewhere in the notebook (see
        :func:`pvkit_names`); assigning into them counts as tampering.

    Returns
    -------
    list of str
        One ``"line N: what"`` string per finding; empty when the code is clean
        or cannot be parsed (code that does not parse does not run either).
    """
    tree = _parse(source)
    if tree is None:
        return []
    visitor = _Visitor(set(protected))
    visitor.visit(tree)
    return visitor.findings


def pvkit_names(sources: Iterable[str]) -> set[str]:
    """Names that refer to pvkit in a notebook: imports and plain aliases.

    >>> sorted(pvkit_names(["from pvkit import frameworks as fw", "f = fw"]))
    ['f', 'fw', 'pvkit']
    """
    names = {PROTECTED_PACKAGE}
    trees = [t for t in (_parse(s) for s in sources) if t is not None]
    for _ in range(3):  # aliases of aliases, a few levels deep is plenty
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names |= {a.asname or a.name.split(".")[0] for a in node.names
                              if a.name.split(".")[0] == PROTECTED_PACKAGE}
                elif isinstance(node, ast.ImportFrom) \
                        and (node.module or "").split(".")[0] == PROTECTED_PACKAGE:
                    names |= {a.asname or a.name for a in node.names}
                elif isinstance(node, ast.Assign) and _root_name(node.value) in names:
                    names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _parse(source: str) -> ast.Module | None:
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        python = TransformerManager().transform_cell(source)
        return ast.parse(python)
    except (SyntaxError, ValueError, IndexError, TypeError):
        return None


def _root_name(node: ast.AST) -> str | None:
    """The name at the root of ``a.b[c].d``, if any."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_allowed_magic(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute) and func.attr == "run_line_magic"
        and isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "get_ipython"
        and bool(node.args) and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in ALLOWED_MAGICS
    )


class _Visitor(ast.NodeVisitor):
    def __init__(self, protected: set[str]) -> None:
        self.findings: list[str] = []
        self.pvkit_names: set[str] = {PROTECTED_PACKAGE} | protected

    def flag(self, node: ast.AST, what: str) -> None:
        self.findings.append(f"line {getattr(node, 'lineno', '?')}: {what}")

    # imports ---------------------------------------------------------------
    def _check_module(self, node: ast.AST, module: str) -> None:
        for banned in FORBIDDEN_MODULES:
            if module == banned or module.startswith(banned + "."):
                self.flag(node, f"imports {module}")
                return

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)
            if alias.name.split(".")[0] == PROTECTED_PACKAGE:
                self.pvkit_names.add(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        self._check_module(node, module)
        for alias in node.names:
            self._check_module(node, f"{module}.{alias.name}")
            if alias.name in FORBIDDEN_ATTRS or alias.name in FORBIDDEN_NAMES:
                self.flag(node, f"imports {alias.name} from {module}")
            if module.split(".")[0] == PROTECTED_PACKAGE:
                self.pvkit_names.add(alias.asname or alias.name)

    # names, attributes, strings ---------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if node.id in FORBIDDEN_NAMES:
            self.flag(node, f"uses {node.id}")
        elif isinstance(node.ctx, ast.Store) and _DUNDER.match(node.id) \
                and node.id not in ALLOWED_DUNDER_DEFS:
            self.flag(node, f"defines {node.id}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _DUNDER.match(node.attr) and node.attr not in ALLOWED_DUNDER_ATTRS:
            self.flag(node, f"touches the special attribute {node.attr}")
        elif node.attr in FORBIDDEN_ATTRS:
            self.flag(node, f"touches .{node.attr}")
        elif node.attr.startswith("_") and _root_name(node) in self.pvkit_names:
            self.flag(node, f"reaches into pvkit's private {node.attr}")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and _DUNDER.match(node.value) and node.value != "__main__":
            self.flag(node, f"names the special attribute {node.value!r}")

    def visit_Call(self, node: ast.Call) -> None:
        if _is_allowed_magic(node):
            return
        if isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) >= 2:
            name = node.args[1]
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                self.flag(node, "calls getattr with a computed name")
            elif name.value in FORBIDDEN_ATTRS:
                self.flag(node, f"reaches .{name.value} through getattr")
        if any(k.arg == "allow_pickle" for k in node.keywords):
            self.flag(node, "loads pickled objects")
        self.generic_visit(node)

    # definitions and assignments ----------------------------------------------
    def _check_def(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if _DUNDER.match(node.name) and node.name not in ALLOWED_DUNDER_DEFS:
            self.flag(node, f"defines {node.name}")
        self.generic_visit(node)

    visit_FunctionDef = _check_def
    visit_AsyncFunctionDef = _check_def

    def _check_targets(self, node: ast.AST, targets: list[ast.expr]) -> None:
        for target in targets:
            for part in ast.walk(target):
                if not isinstance(part, (ast.Attribute, ast.Subscript)):
                    continue
                if _root_name(part) in self.pvkit_names:
                    self.flag(node, f"changes pvkit ({_root_name(part)}...)")
                    return
                if isinstance(part, ast.Attribute) and part.attr in _pvkit_api():
                    self.flag(node, f"replaces .{part.attr}, a name of pvkit's API")
                    return

    def visit_Assign(self, node: ast.Assign) -> None:
        self._check_targets(node, node.targets)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_targets(node, [node.target])
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._check_targets(node, [node.target])
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        self._check_targets(node, node.targets)
        self.generic_visit(node)
