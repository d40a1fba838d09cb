"""Writing files so that a reader never sees half of one, and nothing but the file is changed.

A regular file is replaced in one rename (through a symbolic link: its target is replaced and
the link stays); a named pipe, a terminal or a device is written through, as the shell's ``>``
would, never replaced by a file. What the path names is decided by opening it and asking the
opened descriptor, so the object written is the object checked. A new file gets the mode the
umask allows (0666 & ~umask), a replaced one keeps its mode and, where allowed, its owner.
"""
from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import KgborderError

# Buffer of the writer: 64 KiB, one pipe's capacity on Linux, so a reader of a named pipe
# is handed whole buffers.
_BUFFER = 64 * 1024


def read_bytes(path: Path | str, limit: int, what: str, shown: str | None = None, regular: bool = False) -> bytes:
    """The bytes of the file at ``path``, at most ``limit`` of them: more is a KgborderError naming
    the file, ``what`` it was read as and the limit. The bound is on what is read from the opened
    file, not on a size asked of the path beforehand, so a device (``/dev/zero``), a named pipe
    or a file that grows while it is read cannot fill memory. With ``regular``, ``path`` must name
    a regular file itself, not a symbolic link to one: it is opened without following a link and
    the opened descriptor is asked what it is, so a link put in its place after a check is refused
    rather than read. OSError is left to the caller."""
    if regular:
        fh = os.fdopen(_open_regular(path, os.O_RDONLY, f"{shown or path}: not a regular file; {what} must be one"),
                       "rb")
    else:
        fh = open(path, "rb")
    with fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise KgborderError(f"{shown or path}: more than {limit / 2**20:g} MB; the limit for {what} "
                            f"(is it the file you meant?)")
    return data


class _Writer(io.RawIOBase):
    """Writes to a descriptor; an error names the file the user gave, not a temporary one."""

    def __init__(self, fd: int, shown: str):
        super().__init__()
        self._fd = fd
        self._shown = shown

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data) -> int:
        try:
            return os.write(self._fd, data)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, self._shown) from None

    def close(self) -> None:
        if not self.closed:
            try:
                os.close(self._fd)
            finally:
                super().close()


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (os.umask can only
    be read by setting it, which another thread could see for an instant)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _standard_stream(found: os.stat_result) -> int | None:
    """The descriptor of stdout or stderr when it is the regular file ``found``."""
    if not stat.S_ISREG(found.st_mode):
        return None
    for fd in (1, 2):
        try:
            st = os.fstat(fd)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (found.st_dev, found.st_ino):
            return fd
    return None


def _open_existing(path: Path) -> int | None:
    """``path`` opened for writing (following links, not truncated), or None if nothing is there.
    A named pipe blocks here until it has a reader, as with the shell's ``>``."""
    try:
        return os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise KgborderError(f"{path}: is a directory") from None


def _open_regular(path: Path | str, flags: int, refusal: str) -> int:
    """``path`` opened with ``flags`` only if it is a regular file itself: no symbolic link
    followed (ELOOP, even a dangling one), a named pipe not waited on, and the opened descriptor
    asked what it is; anything else raises KgborderError(``refusal``) after closing it."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise KgborderError(refusal)
    return fd


def _open_own(path: Path) -> int | None:
    """``path`` opened for writing only if it is a regular file itself (see _open_regular), or
    None if nothing is there; anything else is a KgborderError."""
    try:
        return _open_regular(path, os.O_WRONLY, f"{path}: not a regular file; not written")
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise KgborderError(f"{path}: is a symbolic link; not written through") from None
        if exc.errno in (errno.ENXIO, errno.EISDIR):
            raise KgborderError(f"{path}: not a regular file; not written") from None
        raise


@contextmanager
def atomic_output(path: Path, parents: bool = True, follow: bool = True) -> Iterator[BinaryIO]:
    """A binary file for ``path``, complete once the block ends without error.

    A regular file (or a link's target) is replaced in one rename and left as it was on an
    error; a pipe or a device is written through. With ``parents`` False a missing directory
    is an error instead of being made. With ``follow`` False only ``path`` itself is ever
    written: a symbolic link, a pipe or a device there is an error, and the rename replaces the
    name ``path``, never a link's target, so a link put there meanwhile is replaced, not followed.
    """
    path = Path(path)
    shown = str(path)
    fd = _open_existing(path) if follow else _open_own(path)
    if fd is not None:
        try:
            found = os.fstat(fd)
        except BaseException:
            os.close(fd)
            raise
        standard = _standard_stream(found)
        if standard is not None:
            # -o /dev/stdout (or /dev/fd/1) while stdout is a file: write at its offset, in its
            # mode (appending, after a shell's >>), never replacing what it already holds.
            os.close(fd)
            fd = os.dup(standard)
        if standard is not None or not stat.S_ISREG(found.st_mode):
            # A pipe, a terminal, a socket or a device: write to the very object opened.
            with io.BufferedWriter(_Writer(fd, shown), _BUFFER) as fh:
                yield fh
            return
        os.close(fd)
        target = Path(os.path.realpath(path)) if follow else path
        now = os.stat(target, follow_symlinks=follow)
        if (now.st_dev, now.st_ino) != (found.st_dev, found.st_ino):
            raise KgborderError(f"{path}: changed while it was being opened; try again")
        mode, owner = stat.S_IMODE(found.st_mode), (found.st_uid, found.st_gid)
    else:
        target = Path(os.path.realpath(path)) if follow else path  # a dangling link: its target is made
        if not target.parent.is_dir():
            if not parents:
                raise KgborderError(f"{path}: cannot write: no directory {target.parent}")
            target.parent.mkdir(parents=True, exist_ok=True)
        mode, owner = 0o666 & ~_umask(), None
    # The temporary name holds at most 100 characters of the target's, so that a name near the
    # file system's limit (255 bytes) still leaves room for the prefix and the random part.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=target.parent)
    try:
        with io.BufferedWriter(_Writer(fd, shown), _BUFFER) as fh:
            if owner is not None and hasattr(os, "fchown") and owner != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(fd, *owner)  # kept where allowed (as root, or a group one belongs to)
                except OSError:
                    pass
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)  # after fchown, which clears set-user-ID bits
            else:
                os.chmod(tmp, mode)
            yield fh
            fh.flush()
            try:
                os.fsync(fd)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, shown) from None
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable; a file system that cannot sync a directory is left be."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, parents: bool = True, follow: bool = True) -> None:
    """Write ``data`` to ``path`` as :func:`atomic_output` does."""
    with atomic_output(path, parents, follow) as fh:
        fh.write(data)
