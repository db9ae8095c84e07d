# Starts bubblewrap in a user namespace whose ids map to the same ids on the host, so a function
# that mounts a file system through an EFS access point runs as the access point's POSIX user and
# the files it creates are owned by that uid and gid on the host (bwrap's own --unshare-user maps
# the sandbox uid to the engine's uid). Runs as root, host side, between the cgroup join and bwrap.
#
#   python3 userns-launch.py <uid> <gid> <groups,comma,separated> <fd> -- bwrap ...
#
# A child makes the namespace as <uid> (so <uid> owns it and bwrap, run as <uid>, may enter it
# with --userns <fd>); this process, root in the parent namespace, writes its maps: <uid>, <gid>
# and the groups map to themselves, and 0 to 0 so that bwrap's setup (privileged inside the
# namespace) can bind root-owned paths. bwrap then drops every capability before the function runs.
import ctypes
import os
import sys

CLONE_NEWUSER = 0x10000000


def idmap(ids):
    return "".join(f"{i} {i} 1\n" for i in sorted(set(ids)))


def main():
    uid, gid = int(sys.argv[1]), int(sys.argv[2])
    groups = [int(g) for g in sys.argv[3].split(",") if g]
    fdnum = int(sys.argv[4])
    if sys.argv[5] != "--" or len(sys.argv) < 7:
        sys.exit("usage: userns-launch.py uid gid groups fd -- command...")
    cmd = sys.argv[6:]
    libc = ctypes.CDLL(None, use_errno=True)
    go_r, go_w = os.pipe()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(go_w)
        os.close(ready_r)
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        if libc.unshare(CLONE_NEWUSER) != 0:
            os._exit(1)
        os.write(ready_w, b"1")
        os.read(go_r, 1)
        os._exit(0)
    os.close(go_r)
    os.close(ready_w)
    if os.read(ready_r, 1) != b"1":
        sys.exit("userns-launch: could not create the user namespace")
    with open(f"/proc/{pid}/uid_map", "w") as f:
        f.write(idmap([0, uid]))
    with open(f"/proc/{pid}/gid_map", "w") as f:
        f.write(idmap([0, gid, *groups]))
    fd = os.open(f"/proc/{pid}/ns/user", os.O_RDONLY)
    os.write(go_w, b"x")
    os.close(go_w)
    os.waitpid(pid, 0)
    if fd != fdnum:
        os.dup2(fd, fdnum)
        os.close(fd)
    os.set_inheritable(fdnum, True)
    os.setgroups(sorted(set([gid, *groups])))
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    os.execv(cmd[0], cmd)


main()
