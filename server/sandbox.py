"""Keep engine processes off the network. pyoxigraph executes SERVICE and LOAD with its own
(Rust) HTTP client, so refusing them on the parsed query is not enough on its own: a parser
that reads a query differently from the engine would let a call through. A worker calls
`isolate()` first thing, while it is still single-threaded:

- `netns`: unshare(CLONE_NEWNET) into a new, empty network namespace (root or CAP_SYS_ADMIN):
  not even loopback is up, so every connect fails;
- `userns+netns`: the same inside a new user namespace, for unprivileged users where the
  kernel allows it;
- `seccomp`: a filter that makes socket(AF_INET/AF_INET6) fail with EACCES;
- `none`: nothing available (or disabled): logged as a warning by the server.

Local IPC (pipes, Unix sockets) keeps working under all three."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import struct

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MECHANISMS = ("netns", "userns+netns", "seccomp")

# seccomp: (audit arch, socket syscall number) per machine
_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, EACCES = 0x7FFF0000, 0x00050000, 13
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
AF_INET, AF_INET6 = 2, 10


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _unshare(flags: int) -> bool:
    try:
        return bool(_libc().unshare(flags) == 0)
    except (OSError, AttributeError):
        return False


def _seccomp_no_inet() -> bool:
    arch = _ARCH.get(platform.machine())
    if arch is None:
        return False
    audit_arch, nr_socket = arch

    def ins(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    prog = b"".join(
        [
            ins(BPF_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
            ins(BPF_JEQ_K, 0, 5, audit_arch),  # another ABI: allow
            ins(BPF_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
            ins(BPF_JEQ_K, 0, 3, nr_socket),
            ins(BPF_LD_W_ABS, 0, 0, 16),  # args[0]: the address family
            ins(BPF_JEQ_K, 2, 0, AF_INET),
            ins(BPF_JEQ_K, 1, 0, AF_INET6),
            ins(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
            ins(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EACCES),
        ]
    )
    n = len(prog) // 8
    buf = ctypes.create_string_buffer(prog, len(prog))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(n, ctypes.cast(buf, ctypes.c_void_p))
    try:
        libc = _libc()
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return bool(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def isolate(mode: str = "auto") -> str:
    """Cut this process off the network; return the mechanism used, or "none".
    mode: "auto" (the first that works), one mechanism by name (or "none" if it fails),
    or "off"."""
    if mode == "off" or os.name != "posix":
        return "none"
    tries = {
        "netns": lambda: _unshare(CLONE_NEWNET),
        "userns+netns": lambda: _unshare(CLONE_NEWUSER | CLONE_NEWNET),
        "seccomp": _seccomp_no_inet,
    }
    for name in MECHANISMS if mode == "auto" else (mode,):
        attempt = tries.get(name)
        if attempt and attempt():
            return name
    return "none"
