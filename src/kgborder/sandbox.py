"""Taking the network away from a thread or a child process, in the kernel (Linux seccomp).

Oxigraph evaluates ``SERVICE`` with its own HTTP client, in native code: no Python check of the
query text can be sure to agree with its parser on every spelling, and a Python audit hook does
not see native sockets. So a query is evaluated where the kernel itself refuses to connect:

- ``no_network_here()`` installs, in the calling thread only (no ``TSYNC``: the rest of the
  process keeps its network), a seccomp filter under which ``socket``, ``connect``, addressed
  ``sendto``, ``sendmsg``, ``sendmmsg`` and io_uring fail with EPERM. Threads that this thread
  starts inherit the filter; it can never be lifted, so the thread is used for queries only.
- ``exec_without_outbound()`` (``python -m kgborder.sandbox PARENT_PID -- PROGRAM ARGS``) is the
  launcher of ``kgborder serve``'s Oxigraph server: it may listen and answer, but not connect
  anywhere or send to an address, and it dies with the thread that started it
  (``PR_SET_PDEATHSIG``), so killing kgborder never leaves the server holding the port.

Elsewhere than Linux on x86-64 or AArch64 ``available()`` is false and kgborder relies on its
query check (``sparql_safety``) alone.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import signal
import struct
import sys

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | errno.EPERM
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K, _AND_K = 0x20, 0x15, 0x35, 0x06, 0x54
_SOCK_TYPE_MASK = 0xF  # socket()'s type argument also carries SOCK_NONBLOCK / SOCK_CLOEXEC
_SOCK_STREAM = 1

# (audit architecture, system call numbers) from the kernel's unistd tables
_ARCHES = {
    "x86_64": (0xC000003E, dict(socket=41, connect=42, sendto=44, sendmsg=46, sendmmsg=307,
                                io_uring_setup=425, io_uring_enter=426, io_uring_register=427)),
    "aarch64": (0xC00000B7, dict(socket=198, connect=203, sendto=206, sendmsg=211, sendmmsg=269,
                                 io_uring_setup=425, io_uring_enter=426, io_uring_register=427)),
}
_X32_BIT = 0x40000000  # x86-64's x32 calls: another numbering, refused whole


class SandboxError(OSError):
    """The kernel would not install the filter."""


def available() -> bool:
    return sys.platform == "linux" and platform.machine() in _ARCHES


def _program(listen: bool) -> bytes:
    """The BPF program. ``listen``: a server, which may create stream sockets and answer on
    them; otherwise no socket may be created at all."""
    arch, nr = _ARCHES[platform.machine()]
    # Each instruction: code, jump if true, jump if false, constant; a jump is an offset or a label.
    code: list[tuple[int, int | str, int | str, int]] = []
    labels: dict[str, int] = {}

    def op(c: int, jt: int | str, jf: int | str, k: int) -> None:
        code.append((c, jt, jf, k))

    def label(name: str) -> None:
        labels[name] = len(code)

    deny_always = ["connect", "sendmsg", "sendmmsg", "io_uring_setup", "io_uring_enter", "io_uring_register"]
    if not listen:
        deny_always.append("socket")
    # Layout: checks jump forward to the two returns at the end: ALLOW (second to last) and
    # EPERM (last). Offsets are filled in once the length is known.
    op(_LD_W_ABS, 0, 0, 4)                      # seccomp_data.arch
    op(_JEQ_K, 1, 0, arch)
    op(_RET_K, 0, 0, _RET_EPERM)                # another architecture's calls: none allowed
    op(_LD_W_ABS, 0, 0, 0)                      # seccomp_data.nr
    if platform.machine() == "x86_64":
        op(_JGE_K, "deny", 0, _X32_BIT)
    for name in deny_always:
        op(_JEQ_K, "deny", 0, nr[name])
    if listen:
        op(_JEQ_K, 0, "sendto", nr["socket"])
        op(_LD_W_ABS, 0, 0, 16 + 8 * 1)         # socket(domain, type, protocol): type
        op(_AND_K, 0, 0, _SOCK_TYPE_MASK)
        op(_JEQ_K, "allow", "deny", _SOCK_STREAM)  # no datagram or raw sockets: no DNS, no UDP
        label("sendto")
    op(_JEQ_K, 0, "allow", nr["sendto"])
    op(_LD_W_ABS, 0, 0, 16 + 8 * 4)             # sendto's destination address: low word
    op(_JEQ_K, 0, "deny", 0)
    op(_LD_W_ABS, 0, 0, 16 + 8 * 4 + 4)         # and high word: both zero = a plain send
    op(_JEQ_K, "allow", "deny", 0)
    label("allow")
    op(_RET_K, 0, 0, _RET_ALLOW)
    label("deny")
    op(_RET_K, 0, 0, _RET_EPERM)

    out = b""
    for i, (c, jt, jf, k) in enumerate(code):
        out += struct.pack("HBBI", c, labels[jt] - i - 1 if isinstance(jt, str) else jt,
                           labels[jf] - i - 1 if isinstance(jf, str) else jf, k)
    return out


class _Fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _prctl():
    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


def _install(listen: bool) -> None:
    prctl = _prctl()
    program = _program(listen)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _Fprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    # Needed to install a filter without privileges; applies to this thread and its children only.
    if prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "cannot set no_new_privs")
    if prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "the kernel refused the seccomp filter")


def no_network_here() -> None:
    """From now on, the calling thread (and any thread it starts) can reach no network."""
    _install(listen=False)


def exec_without_outbound(parent: int, argv: list[str]) -> None:
    """Become ``argv``: a server that dies with ``parent`` and cannot connect out."""
    _prctl()(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above: nobody would stop us
        os._exit(1)
    _install(listen=True)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    # python -m kgborder.sandbox PARENT_PID -- PROGRAM ARGS...
    args = sys.argv[1:]
    if len(args) < 3 or args[1] != "--":
        sys.exit("usage: python -m kgborder.sandbox PARENT_PID -- PROGRAM [ARGS...]")
    try:
        exec_without_outbound(int(args[0]), args[2:])
    except OSError as exc:
        sys.exit(f"cannot start {args[2]}: {exc.strerror or exc}")
