/** Names a layer may have that generated Python must survive (committed lists; the test adds what python3 reports). */

/** dir(torch.nn.Module()) of torch 1.13, plus attributes later torch versions added. */
export const NN_MODULE_ATTRIBUTES: readonly string[] = [
  "T_destination", "__annotations__", "__call__", "__class__", "__delattr__", "__dict__", "__dir__", "__doc__",
  "__eq__", "__format__", "__ge__", "__getattr__", "__getattribute__", "__getstate__", "__gt__", "__hash__",
  "__init__", "__init_subclass__", "__le__", "__lt__", "__module__", "__ne__", "__new__", "__reduce__",
  "__reduce_ex__", "__repr__", "__setattr__", "__setstate__", "__sizeof__", "__str__", "__subclasshook__",
  "__weakref__", "_apply", "_backward_hooks", "_buffers", "_call_impl", "_forward_hooks", "_forward_pre_hooks",
  "_get_backward_hooks", "_get_name", "_is_full_backward_hook", "_load_from_state_dict",
  "_load_state_dict_post_hooks", "_load_state_dict_pre_hooks", "_maybe_warn_non_full_backward_hook", "_modules",
  "_named_members", "_non_persistent_buffers_set", "_parameters", "_register_load_state_dict_pre_hook",
  "_register_state_dict_hook", "_replicate_for_data_parallel", "_save_to_state_dict", "_slow_forward",
  "_state_dict_hooks", "_version", "add_module", "apply", "bfloat16", "buffers", "children", "cpu", "cuda", "double",
  "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state", "get_parameter",
  "get_submodule", "half", "ipu", "load_state_dict", "modules", "named_buffers", "named_children", "named_modules",
  "named_parameters", "parameters", "register_backward_hook", "register_buffer", "register_forward_hook",
  "register_forward_pre_hook", "register_full_backward_hook", "register_load_state_dict_post_hook",
  "register_module", "register_parameter", "requires_grad_", "set_extra_state", "share_memory", "state_dict", "to",
  "to_empty", "train", "training", "type", "xpu", "zero_grad", "_backward_pre_hooks", "_compiled_call_impl",
  "_forward_hooks_always_called", "_forward_hooks_with_kwargs", "_forward_pre_hooks_with_kwargs",
  "_state_dict_pre_hooks", "_wrapped_call_impl", "call_super_init", "compile", "mtia",
  "register_full_backward_pre_hook", "register_state_dict_pre_hook", "register_state_dict_post_hook",
  "register_load_state_dict_pre_hook", "smart_apply",
];

/** Python keywords and soft keywords. */
export const PYTHON_KEYWORDS: readonly string[] = [
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
  "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "_", "case", "match", "type",
];

/** dir(builtins) of Python 3.11. */
export const PYTHON_BUILTINS: readonly string[] = [
  "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup", "BlockingIOError",
  "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
  "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
  "EnvironmentError", "Exception", "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError",
  "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning",
  "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
  "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented",
  "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError",
  "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning",
  "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
  "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
  "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError", "Warning",
  "ZeroDivisionError", "__build_class__", "__debug__", "__doc__", "__import__", "__loader__", "__name__",
  "__package__", "__spec__", "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint",
  "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr",
  "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset", "getattr",
  "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len",
  "license", "list", "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow",
  "print", "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
  "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
];

/** Imports, helpers and globals the generated model.py / load.py / keras_model.py / train.py use, and names shaped like the generated ones. */
export const GENERATED_CODE_NAMES: readonly string[] = [
  "self", "x", "torch", "nn", "F", "np", "tf", "keras", "layers", "os", "sys", "json", "struct", "math", "argparse",
  "importlib", "time", "random", "gzip", "tf_same_pad", "tf_avg_pool_same", "SeparableConv2d", "SoraNet",
  "INPUT_SHAPES", "OUTPUT_SHAPES", "PARAM_COUNT", "LAYER_NAMES", "HERE", "WEIGHTS_FILE", "INPUT_SHAPE",
  "EXPECTED_PARAMS", "WEIGHT_KEYS", "tfjs_hard_sigmoid", "mish", "gelu_exact", "gelu_tanh", "build_model",
  "load_weights", "build_and_load", "compile_model", "train_at_scale", "_mnist", "model", "inputs", "outputs",
  "data", "strategy", "read_safetensors", "load_model", "main", "args", "parser", "DDP", "dist", "RECIPE", "l0_x",
  "l1_forward", "l12_",
];

/** Names that are not Python identifiers at all. */
export const ODD_NAMES: readonly string[] = [
  "conv-1", "a.b", "block/1", "1abc", "\u00fcmlaut", "with space", "x\"y", "back\\slash", "tab\tname", "l2",
];
