"""What /proc says of a process or a thread: its name, its parent and the CPU time it has
used; and the TCP sockets on a port. Shared by the benches that measure a tree of processes: bench/web.py (the server's
workers and SPARQL query processes), bench/run.py (an ingest's processes, for their
memory) and bench/ingest_stages.py (the extraction workers and the writer's threads).
Linux only, as the benches are."""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

_TICK = os.sysconf("SC_CLK_TCK")


class Stat(NamedTuple):
    name: str          # the kernel's name ("python"; a thread's own name when it set one)
    ppid: int
    cpu_s: float       # user and system time so far


def read_stat(path: str | Path) -> Stat | None:
    """The stat file of a process (/proc/PID/stat) or a thread (/proc/PID/task/TID/stat);
    None when it ended meanwhile."""
    try:
        raw = Path(path).read_text()
    except OSError:
        return None
    # The name is in parentheses and may hold spaces or parentheses itself.
    name, rest = raw[raw.index("(") + 1:raw.rindex(")")], raw[raw.rindex(")") + 2:].split()
    return Stat(name, int(rest[1]), (int(rest[11]) + int(rest[12])) / _TICK)


def processes() -> dict[int, Stat]:
    """Every process now, by pid."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read_stat(f"/proc/{entry}/stat")
            if stat is not None:
                out[int(entry)] = stat
    return out


def children(pid: int, table: dict[int, Stat] | None = None) -> list[int]:
    """The live child processes of `pid` (from `table` when given, else read now)."""
    table = processes() if table is None else table
    return [child for child, stat in table.items() if stat.ppid == pid]


class TcpSocket(NamedTuple):
    address: str       # the local address as the kernel writes it (hex: "0100007F" is 127.0.0.1)
    state: str         # "01" established, "0A" listening
    inode: str         # what /proc/PID/fd/N links to, as "socket:[INODE]"


def tcp_sockets(port: int) -> list[TcpSocket]:
    """The IPv4 and IPv6 TCP sockets whose local port is `port` (/proc/net/tcp, tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, hexport = fields[1].rsplit(":", 1)
            if int(hexport, 16) == port:
                found.append(TcpSocket(address, fields[3], fields[9]))
    return found
