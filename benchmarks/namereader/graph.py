"""trueocr's line reader (``rec.onnx``) run in PyTorch, so that its weights can be trained.

The graph is not rebuilt by hand: each of its ONNX nodes is evaluated with the torch operation
of the same meaning, in the graph's own order, and its float initialisers (convolution
weights and biases, the row prior, the batch-norm scale and shift) become the module's
parameters. Batch-norm statistics stay as trained (the node runs in inference mode). `export`
writes the trained values back into the same graph, so trueocr's ``Recognizer`` loads the
result as it loads its own model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

#: the graph's per-frame log-probabilities (computed, not among its outputs) and frame counts
LOG_PROBS, LENGTHS = "/LogSoftmax_output_0", "lengths"
#: initialisers that are statistics, not weights
_FROZEN = ("running_mean", "running_var")

_DTYPES = {1: torch.float32, 6: torch.int32, 7: torch.int64, 9: torch.bool, 11: torch.float64}


def _attrs(node) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _ints(t: torch.Tensor) -> list[int]:
    return [int(v) for v in t.reshape(-1).tolist()]


class OnnxGraph(torch.nn.Module):
    """The graph of ``path`` as a module: ``forward(x, widths)`` gives the named values of
    ``outputs`` (by default the log-probabilities, [B, T, classes], and the frame counts)."""

    def __init__(self, path: Path, outputs: tuple[str, ...] = (LOG_PROBS, LENGTHS)):
        super().__init__()
        self.model = onnx.load(str(path))
        self.outputs = outputs
        self.params = torch.nn.ParameterDict()
        self.fixed: dict[str, torch.Tensor] = {}
        self._keys: dict[str, str] = {}
        for init in self.model.graph.initializer:
            value = torch.from_numpy(numpy_helper.to_array(init).copy())
            if value.is_floating_point() and not init.name.endswith(_FROZEN):
                key = init.name.replace(".", "__")
                self._keys[init.name] = key
                self.params[key] = torch.nn.Parameter(value)
            else:
                self.fixed[init.name] = value
        # only the nodes the outputs depend on, in the graph's (topological) order
        needed, nodes = set(outputs), []
        for node in reversed(self.model.graph.node):
            if needed.intersection(node.output):
                nodes.append(node)
                needed.update(i for i in node.input if i)
        self.nodes = list(reversed(nodes))

    def forward(self, x: torch.Tensor, widths: torch.Tensor) -> tuple[torch.Tensor, ...]:
        env: dict[str, torch.Tensor] = {"x": x, "widths": widths, **self.fixed}
        for name, key in self._keys.items():
            env[name] = self.params[key]
        for node in self.nodes:
            args = [env[i] if i else None for i in node.input]
            out = _run(node, args)
            for name, value in zip(node.output, out if isinstance(out, tuple) else (out,),
                                   strict=False):
                env[name] = value
        return tuple(env[o] for o in self.outputs)

    def export(self, path: Path) -> None:
        """The graph with this module's weights, written to ``path``."""
        for init in self.model.graph.initializer:
            if init.name in self._keys:
                value = self.params[self._keys[init.name]].detach().cpu().numpy()
                init.CopyFrom(numpy_helper.from_array(value.astype(np.float32), init.name))
        onnx.save(self.model, str(path))


def _run(node, a: list) -> torch.Tensor | tuple:
    op, at = node.op_type, _attrs(node)
    if op == "Constant":
        return torch.from_numpy(numpy_helper.to_array(at["value"]).copy())
    if op == "Conv":
        dims = a[1].dim() - 2  # a 1-D or 2-D convolution
        pads = list(at.get("pads", [0] * 2 * dims))
        x = a[0]
        if pads[:dims] != pads[dims:]:  # uneven padding: done apart
            x = F.pad(x, [p for d in reversed(range(dims)) for p in (pads[d], pads[d + dims])])
            pads = [0] * 2 * dims
        conv = F.conv1d if dims == 1 else F.conv2d
        return conv(x, a[1], a[2] if len(a) > 2 else None, stride=at.get("strides", 1),
                    padding=tuple(pads[:dims]), dilation=at.get("dilations", 1),
                    groups=at.get("group", 1))
    if op == "BatchNormalization":
        return F.batch_norm(a[0], a[3], a[4], a[1], a[2], training=False,
                            eps=at.get("epsilon", 1e-5))
    simple = {"Mul": torch.mul, "Add": torch.add, "Sub": torch.sub, "Relu": F.relu,
              "Sigmoid": torch.sigmoid, "HardSwish": F.hardswish, "Exp": torch.exp,
              "Reciprocal": torch.reciprocal, "Less": torch.lt, "Equal": torch.eq,
              "Not": torch.logical_not, "And": torch.logical_and, "Xor": torch.logical_xor,
              "Where": torch.where, "Shape": lambda t: torch.tensor(t.shape, dtype=torch.int64)}
    if op in simple:
        return simple[op](*a)
    if op == "Div":
        if not a[0].is_floating_point() and not a[1].is_floating_point():
            return torch.div(a[0], a[1], rounding_mode="trunc")
        return a[0] / a[1]
    if op == "Mod":
        return torch.remainder(a[0], a[1]) if not at.get("fmod") else torch.fmod(a[0], a[1])
    if op == "Cast":
        return a[0].to(_DTYPES[at["to"]])
    if op == "Clip":
        lo = a[1] if len(a) > 1 and a[1] is not None else None
        hi = a[2] if len(a) > 2 and a[2] is not None else None
        return torch.clamp(a[0], min=lo, max=hi)
    if op == "Gather":
        axis = at.get("axis", 0)
        idx = a[1].long()
        out = torch.index_select(a[0], axis, idx.reshape(-1))
        return out.reshape(a[0].shape[:axis] + idx.shape + a[0].shape[axis + 1:])
    if op == "Unsqueeze":
        out = a[0]
        for ax in sorted(_ints(a[1])):
            out = out.unsqueeze(ax)
        return out
    if op == "Squeeze":
        axes = _ints(a[1]) if len(a) > 1 and a[1] is not None else None
        if axes is None:
            return a[0].squeeze()
        return a[0].squeeze(tuple(ax % a[0].dim() for ax in axes))
    if op == "Concat":
        return torch.cat(a, dim=at["axis"])
    if op == "Reshape":
        shape = _ints(a[1])
        shape = [a[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return a[0].reshape(shape)
    if op == "Transpose":
        return a[0].permute(*at["perm"])
    if op == "Softmax":
        return torch.softmax(a[0], dim=at.get("axis", -1))
    if op == "LogSoftmax":
        return torch.log_softmax(a[0], dim=at.get("axis", -1))
    if op in ("ReduceSum", "ReduceMax"):
        axes = _ints(a[1]) if len(a) > 1 and a[1] is not None else at.get("axes")
        keep = bool(at.get("keepdims", 1))
        if op == "ReduceSum":
            return a[0].sum(dim=tuple(axes), keepdim=keep)
        return a[0].amax(dim=tuple(axes), keepdim=keep)
    if op == "Range":
        return torch.arange(a[0].item(), a[1].item(), a[2].item(), dtype=a[0].dtype)
    if op == "Slice":
        out = a[0]
        starts, ends = _ints(a[1]), _ints(a[2])
        axes = _ints(a[3]) if len(a) > 3 and a[3] is not None else list(range(len(starts)))
        steps = _ints(a[4]) if len(a) > 4 and a[4] is not None else [1] * len(starts)
        index = [slice(None)] * out.dim()
        for s, e, ax, st in zip(starts, ends, axes, steps, strict=True):
            n = out.shape[ax]
            index[ax] = slice(max(-n, min(s, n)), max(-n - 1, min(e, n)), st)
        return out[tuple(index)]
    raise NotImplementedError(f"ONNX operation {op} is not supported here")
