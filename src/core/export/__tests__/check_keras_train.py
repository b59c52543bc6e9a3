"""Test helper: the Keras bundle's train.py wiring, read with ast (TensorFlow is not needed). Prints one JSON object."""
import ast
import json
import sys


def dotted(node):
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        return dotted(node.func) + "()"
    return "?"


def calls(nodes):
    return sorted({dotted(n.func) for body in nodes for n in ast.walk(body) if isinstance(n, ast.Call)})


def main(train_path, model_path):
    tree = ast.parse(open(train_path, encoding="utf-8").read())
    model_tree = ast.parse(open(model_path, encoding="utf-8").read())
    main_fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    scopes = [w for w in ast.walk(main_fn) if isinstance(w, ast.With)
              and any(dotted(i.context_expr) == "strategy.scope()" for i in w.items)]
    strategy = [dotted(a.value) for a in ast.walk(main_fn) if isinstance(a, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "strategy" for t in a.targets)]
    imported = [a.name for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "keras_model" for a in n.names]
    defined = {n.name for n in model_tree.body if isinstance(n, ast.FunctionDef)} | {
        t.id for n in model_tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    fit = [c for c in ast.walk(main_fn) if isinstance(c, ast.Call) and dotted(c.func) == "model.fit"]
    fit_callbacks = [dotted(e.func) if isinstance(e, ast.Call) else dotted(e) for c in fit for k in c.keywords
                     if k.arg == "callbacks" for e in k.value.elts]
    src = open(train_path, encoding="utf-8").read()
    print(json.dumps({
        "strategy": strategy,
        "scopeCalls": calls(scopes[0].body) if scopes else [],
        "fitInsideScope": any(dotted(n.func) == "model.fit" for s in scopes for b in s.body for n in ast.walk(b) if isinstance(n, ast.Call)),
        "fitCallbacks": fit_callbacks,
        "backupAndRestore": calls([main_fn]),
        "readsTfConfig": 'os.environ.get("TF_CONFIG"' in src,
        "importsFromKerasModel": imported,
        "missingInKerasModel": sorted(set(imported) - defined),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
