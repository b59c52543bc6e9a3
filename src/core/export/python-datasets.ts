/**
 * Python (numpy; Pillow for image folders) that reads datasets the way the app does — IDX plain/.gz, CIFAR-10
 * binary batches, one sub-folder per class — shared by the PyTorch and Keras train.py scripts. Needs `gzip`, `os`,
 * `re`, `struct` and `numpy as np` imported by the script.
 */
export const PY_DATASETS = String.raw`# ---- datasets, read the way Sora Designer reads them (numpy only; Pillow for image folders) ----------------
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")


def _read_bytes(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return f.read()


def read_idx(path):
    """An unsigned-byte IDX array (plain or .gz), e.g. MNIST's train-images-idx3-ubyte."""
    raw = _read_bytes(path)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise SystemExit("%s: not an unsigned-byte IDX file (wrong magic number)" % path)
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    count = int(np.prod(dims))
    body = np.frombuffer(raw, dtype=np.uint8, count=count, offset=4 + 4 * ndim)
    return body.reshape(dims).copy()  # writable, so torch.from_numpy takes it without a warning


def _idx_files(folder):
    """{(kind, split): path} for IDX files: images = idx3 or 'images', labels = idx1 or 'labels', test = t10k or 'test'."""
    found = {}
    for name in sorted(os.listdir(folder)):
        low = name.lower()
        kind = "images" if ("idx3" in low or "images" in low) else "labels" if ("idx1" in low or "labels" in low) else None
        if kind is None or not os.path.isfile(os.path.join(folder, name)):
            continue
        split = "test" if (low.startswith("t10k") or "test" in low) else "train"
        found.setdefault((kind, split), os.path.join(folder, name))
    return found


def load_idx(folder):
    f = _idx_files(folder)
    if ("images", "train") not in f or ("labels", "train") not in f:
        raise SystemExit("%s: needs train images and labels IDX files (e.g. train-images-idx3-ubyte[.gz])" % folder)

    def part(split):
        x = read_idx(f[("images", split)])
        y = read_idx(f[("labels", split)]).astype(np.int64)
        if x.ndim == 3:
            x = x[..., None]
        if len(x) != len(y):
            raise SystemExit("%s: %d images but %d labels" % (f[("images", split)], len(x), len(y)))
        return x, y

    train = part("train")
    test = part("test") if ("images", "test") in f and ("labels", "test") in f else None
    return train, test, "IDX"


def load_cifar10(folder):
    """CIFAR-10 binary batches: data_batch_*.bin for training, test_batch.bin for the test set."""
    def read(names):
        xs, ys = [], []
        for name in names:
            raw = np.frombuffer(_read_bytes(os.path.join(folder, name)), dtype=np.uint8)
            if raw.size % 3073:
                raise SystemExit("%s: not a CIFAR-10 batch (size is not a multiple of 3073 bytes)" % name)
            rec = raw.reshape(-1, 3073)
            ys.append(rec[:, 0].astype(np.int64))
            xs.append(rec[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        return np.concatenate(xs), np.concatenate(ys)

    names = sorted(os.listdir(folder))
    train_names = [n for n in names if re.match(r"^data_batch_\d+\.bin$", n)]
    if not train_names:
        raise SystemExit("%s: no training batch found: add data_batch_1.bin ... data_batch_5.bin" % folder)
    test = read(["test_batch.bin"]) if "test_batch.bin" in names else None
    return read(train_names), test, "CIFAR-10"


def _class_folders(root):
    return sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))


def _read_image(path, shape):
    from PIL import Image  # only image folders need Pillow

    h, w, c = shape
    with Image.open(path) as im:
        im = im.convert("RGBA")
        white = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, im).convert("RGB")
        if im.size != (w, h):
            im = im.resize((w, h), Image.BILINEAR)
        rgb = np.asarray(im, dtype=np.float32)
    if c == 1:
        return np.clip(np.rint(rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)), 0, 255).astype(np.uint8)[..., None]
    return rgb.astype(np.uint8)


def _read_class_tree(root, classes, shape):
    xs, ys = [], []
    for label, cls in enumerate(classes):
        folder = os.path.join(root, cls)
        for name in sorted(os.listdir(folder)):
            if name.lower().endswith(IMAGE_EXTENSIONS) and not name.startswith("."):
                xs.append(_read_image(os.path.join(folder, name), shape))
                ys.append(label)
    if not xs:
        raise SystemExit("%s: no images found (expected %s in one sub-folder per class)" % (root, ", ".join(IMAGE_EXTENSIONS)))
    return np.stack(xs), np.array(ys, dtype=np.int64)


def load_image_folder(root, shape, test_fraction=0.2, seed=1234):
    """One sub-folder per class (images resized to the Input block); train/ and test/ sub-trees are used as given,
    otherwise 20% of the images are held out (seeded) as the test set, as the app does."""
    if os.path.isdir(os.path.join(root, "train")) and os.path.isdir(os.path.join(root, "test")):
        classes = _class_folders(os.path.join(root, "train"))
        return _read_class_tree(os.path.join(root, "train"), classes, shape), _read_class_tree(os.path.join(root, "test"), classes, shape), "image folder"
    classes = _class_folders(root)
    if len(classes) < 2:
        raise SystemExit("%s: needs at least two class folders (one sub-folder per class, e.g. cats/001.png)" % root)
    x, y = _read_class_tree(root, classes, shape)
    order = np.random.RandomState(seed).permutation(len(x))
    n_test = int(len(x) * test_fraction)
    test, train = order[:n_test], order[n_test:]
    return (x[train], y[train]), (x[test], y[test]), "image folder"


def load_dataset(path, shape):
    """((x_train, y_train), (x_test, y_test) or None, kind); x are uint8 NHWC arrays, y int64 labels."""
    if not os.path.isdir(path):
        raise SystemExit("--data %s: not a folder (give the folder holding the IDX files, CIFAR-10 batches or class folders)" % path)
    names = os.listdir(path)
    if any(re.match(r"^data_batch_\d+\.bin$", n) for n in names):
        train, test, kind = load_cifar10(path)
    elif _idx_files(path):
        train, test, kind = load_idx(path)
    else:
        train, test, kind = load_image_folder(path, shape)
    if tuple(train[0].shape[1:]) != tuple(shape):
        raise SystemExit("%s: images are %s but the model takes %s (H, W, C)" % (path, tuple(train[0].shape[1:]), tuple(shape)))
    return train, test, kind
`;
