"""How well a text fits a line image, by the line reader's own per-frame probabilities.

The line reader (trueocr) is a CTC model: for each column frame of a line image it gives the
log-probability of every character and of the blank. The probability of a text is the sum over
every way of laying it along the frames (blanks between, a letter held over several frames);
this is the forward pass of CTC (Graves et al., 2006), in log space. Comparing texts by it asks
the pixels, not a vote of readings, which of several spellings is printed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: the blank's index in the reader's output, as CTC models put it
BLANK = 0
_NEVER = -1e30


def text_log_prob(log_probs: np.ndarray, labels: Sequence[int]) -> float:
    """log P(labels | frames): ``log_probs`` is frames x classes (log-softmax), ``labels`` the
    text's class indices (no blanks). A text that cannot be laid along so few frames is
    -inf."""
    frames = log_probs.shape[0]
    ext = np.zeros(2 * len(labels) + 1, np.int64)  # blank, l1, blank, l2, ..., blank
    ext[1::2] = labels
    if frames == 0:
        return float("-inf")
    # a state may skip the blank before it when its letter differs from the one two back
    skip = np.zeros(len(ext), bool)
    skip[2:] = (ext[2:] != BLANK) & (ext[2:] != ext[:-2])
    alpha = np.full(len(ext), _NEVER)
    alpha[0] = log_probs[0, BLANK]
    if len(ext) > 1:
        alpha[1] = log_probs[0, ext[1]]
    for t in range(1, frames):
        step = alpha.copy()
        step[1:] = np.logaddexp(step[1:], alpha[:-1])
        step[2:] = np.where(skip[2:], np.logaddexp(step[2:], alpha[:-2]), step[2:])
        alpha = step + log_probs[t, ext]
    end = np.logaddexp(alpha[-1], alpha[-2]) if len(ext) > 1 else alpha[-1]
    return float(end) if end > _NEVER / 2 else float("-inf")


def best_path(log_probs: np.ndarray) -> list[int]:
    """The labels of the likeliest frame-by-frame reading (greedy CTC: repeats merged, blanks
    dropped), as the line reader reads a line."""
    seq = log_probs.argmax(axis=1)
    keep = (seq != BLANK) & np.concatenate(([True], seq[1:] != seq[:-1]))
    return [int(s) for s in seq[keep]]
