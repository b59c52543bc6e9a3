"""Test helper: finds generated names that shadow something the generated file relies on.

For each file given: every name a function binds (arguments, assignment/loop/with targets, imports) that is also a
module-level name of that file, an imported module, or a Python builtin; and every `self.<attr> = ...` whose attr
is an nn.Module attribute (from torch when importable, else from the JSON list in argv[1]). Prints one JSON report
{"torchAttributes": "torch"|"list", "files": {path: {"shadowing": [...], "moduleAttributes": [...]}}}.
"""
import ast
import builtins
import json
import sys


def module_level_names(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def bound_in(fn):
    names = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def check(path, module_attrs):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    protected = module_level_names(tree) | set(dir(builtins))
    shadowing, attrs = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # A function may bind its own loop variables etc.; what matters is names it shares with the module scope.
            shadowing.update(n for n in bound_in(node) if n in protected and n != "self")
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self" and t.attr in module_attrs:
                    attrs.add(t.attr)
    return {"shadowing": sorted(shadowing), "moduleAttributes": sorted(attrs)}


def main(list_path, paths):
    try:
        import torch
        module_attrs, source = set(dir(torch.nn.Module())), "torch"
    except Exception:  # pragma: no cover - environment dependent
        with open(list_path) as f:
            module_attrs, source = set(json.load(f)), "list"
    print(json.dumps({"torchAttributes": source, "files": {p: check(p, module_attrs) for p in paths}}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
