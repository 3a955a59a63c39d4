"""Arrays in and out of cupix._core: zero-copy through DLPack (or __cuda_array_interface__), on the
caller's current stream, returned in the caller's framework."""
import numpy as np

from . import _core

_CUDA = 2  # DLPack device type of CUDA memory


def _namespace(x):
    """Which framework results go back in: CuPy and PyTorch for their own arrays; CuPy for other
    GPU arrays (objects with only __cuda_array_interface__, such as Numba's); NumPy otherwise."""
    mod = type(x).__module__.partition(".")[0]
    if mod in ("cupy", "torch"):
        return mod
    return "cupy" if hasattr(x, "__cuda_array_interface__") else "numpy"


class Call:
    """One call into cupix: the framework and stream of its main input decide where the results go."""

    def __init__(self, x):
        self.ns = _namespace(x)
        stream = None
        if self.ns == "cupy":
            import cupy

            stream = cupy.cuda.get_current_stream()
            self.stream_ptr = stream.ptr
        elif self.ns == "torch" and x.is_cuda:
            import torch

            stream = torch.cuda.current_stream(x.device)
            self.stream_ptr = stream.cuda_stream
        else:
            self.stream_ptr = 0
        # What _core functions take as `stream`: the handle, and the object that keeps it alive for
        # as long as memory allocated on it exists (None for the default streams, which never die).
        self.stream = (self.stream_ptr, stream if self.stream_ptr not in (0, 1, 2) else None)

    def array(self, x, writable=False, complex_ok=False):
        """A cupix Array viewing `x` (NumPy/CuPy/PyTorch array, or anything np.asarray takes);
        complex arrays only with `complex_ok` (functions that compute in complex numbers)."""
        if isinstance(x, _core.Array):
            return x
        if self.ns == "torch" and _namespace(x) == "torch":
            x = x.detach()
        if not (hasattr(x, "__dlpack__") or hasattr(x, "__cuda_array_interface__")):
            x = np.asarray(x)
        if not complex_ok and getattr(getattr(x, "dtype", None), "kind", None) == "c":
            raise TypeError("complex arrays are not supported by cupix yet")
        if hasattr(x, "__dlpack__"):
            device_type, _ = x.__dlpack_device__()
            kwargs = {"stream": self.stream_ptr or 1} if device_type == _CUDA else {}
            try:
                capsule = x.__dlpack__(max_version=(1, 0), **kwargs)
            except TypeError:  # producers from before DLPack 1.0
                capsule = x.__dlpack__(**kwargs)
            a = _core.from_dlpack(capsule)
        else:
            a = self._from_cuda_interface(x)
        if writable and a.readonly:
            raise ValueError("output array is read-only")
        return a

    @staticmethod
    def _from_cuda_interface(x):
        cai = x.__cuda_array_interface__
        shape = tuple(cai["shape"])
        typestr = cai["typestr"]
        itemsize = int(typestr[2:])
        strides = cai.get("strides")
        if strides is None:
            strides, step = [], itemsize
            for n in reversed(shape):
                strides.insert(0, step)
                step *= max(n, 1)
        ptr, readonly = cai["data"]
        device = getattr(getattr(x, "device", None), "id", 0) or 0
        return _core.from_cuda_array_interface(ptr, list(shape), list(strides), typestr, device, readonly, x)

    def output(self, output, complex_ok=False):
        """SciPy's `output`: None, a dtype, or an array to write into."""
        if output is None:
            return None
        if isinstance(output, str):
            dt = np.dtype(output)
            if dt.kind not in ("uifc" if complex_ok else "uif"):
                raise RuntimeError("output must have numeric dtype")
            return dt.name
        if isinstance(output, (type, np.dtype)):
            return np.dtype(output).name
        return self.array(output, writable=True, complex_ok=complex_ok)

    def result(self, a, output=None):
        """`a` in the caller's framework, or `output` itself when the caller gave an array to fill."""
        if output is not None and not isinstance(output, (str, type, np.dtype)):
            return output
        if self.ns == "cupy":
            import cupy

            return cupy.from_dlpack(a)
        if self.ns == "torch":
            import torch

            return torch.from_dlpack(a)
        return np.from_dlpack(a)


def dtype_of(x):
    """NumPy dtype of a NumPy/CuPy/PyTorch array or array-like."""
    dt = getattr(x, "dtype", None)
    if dt is None:
        return np.asarray(x).dtype
    if _namespace(x) == "torch":
        return np.dtype(str(dt).replace("torch.", ""))
    return np.dtype(dt)


def host_vector(values, dtype=np.float64):
    """Small argument arrays (weights, sigmas) as a NumPy array, wherever they came from."""
    ns = _namespace(values)
    if ns == "cupy":  # CuPy arrays, or other GPU arrays through CuPy
        import cupy

        values = cupy.asnumpy(cupy.asarray(values))
    elif ns == "torch":
        values = values.detach().cpu().numpy()
    return np.asarray(values, dtype=dtype)
