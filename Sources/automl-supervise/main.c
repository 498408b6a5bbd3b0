// automl-supervise PARENT_PID PROGRAM [ARGUMENT...]
//
// Runs PROGRAM (for automl, `/bin/sh -c COMMAND`) for one trial of a command objective and makes
// sure nothing it started outlives it. automl spawns it with posix_spawn; it starts in about a
// millisecond and does this:
//
// 1. It becomes a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so every orphaned descendant
//    (a background job, a double fork, a `setsid` session leader) is reparented to it instead of
//    to init, and asks for SIGTERM when automl dies (PR_SET_PDEATHSIG), then checks getppid()
//    against PARENT_PID: automl may have died before the request took effect.
// 2. It forks PROGRAM, which inherits standard input, output and error (the trial's pipes), the
//    environment and the process group, with no signal blocked.
// 3. It waits (sigwaitinfo) for PROGRAM to exit, or for SIGTERM, SIGINT, SIGHUP or SIGQUIT
//    (automl aborting the trial, or automl's death), reaping orphans as they exit.
// 4. It kills every process left below it: walks the ppid links of /proc/*/stat from itself,
//    sends SIGKILL to each descendant, reaps, and repeats until it has no child left.
// 5. It exits as PROGRAM did: with its exit status, or killed by the same signal (no core file of
//    its own); after a signal of its own, killed by that signal.
//
// Usage errors exit with 2; PROGRAM that cannot be run exits with 127 (as the shell does).

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/// One process of /proc: its id, its parent's and whether it is a zombie.
struct entry {
    pid_t pid;
    pid_t parent;
    int isZombie;
    int isDescendant;
};

/// Reads the parent and state of `pid` from /proc/PID/stat; 0 on success.
static int readStat(const char *pid, pid_t *parent, char *state) {
    char path[300];
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    FILE *file = fopen(path, "re");
    if (file == NULL) return -1;
    char line[1024];
    size_t count = fread(line, 1, sizeof line - 1, file);
    fclose(file);
    line[count] = '\0';
    // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so start after the last ')'.
    char *name = strrchr(line, ')');
    int parentId = 0;
    if (name == NULL || sscanf(name + 1, " %c %d", state, &parentId) != 2) return -1;
    *parent = (pid_t)parentId;
    return 0;
}

/// Sends SIGKILL to every living descendant of this process; returns how many it signalled.
static int killDescendants(void) {
    DIR *proc = opendir("/proc");
    if (proc == NULL) return 0;
    size_t capacity = 1024, count = 0;
    struct entry *entries = malloc(capacity * sizeof *entries);
    if (entries == NULL) {
        closedir(proc);
        return 0;
    }
    struct dirent *item;
    while ((item = readdir(proc)) != NULL) {
        if (!isdigit((unsigned char)item->d_name[0])) continue;
        pid_t parent;
        char state;
        if (readStat(item->d_name, &parent, &state) != 0) continue;
        if (count == capacity) {
            struct entry *grown = realloc(entries, 2 * capacity * sizeof *entries);
            if (grown == NULL) break;
            entries = grown;
            capacity *= 2;
        }
        entries[count++] = (struct entry){
            .pid = (pid_t)atoi(item->d_name), .parent = parent, .isZombie = state == 'Z'};
    }
    closedir(proc);

    // Mark descendants until nothing changes (as many passes as the tree is deep), keeping their
    // ids in `found` (usually a handful) so a pass costs entries × descendants.
    pid_t *found = malloc((count + 1) * sizeof *found);
    if (found == NULL) {
        free(entries);
        return 0;
    }
    size_t foundCount = 0;
    found[foundCount++] = getpid();
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < count; i++) {
            if (entries[i].isDescendant) continue;
            for (size_t j = 0; j < foundCount; j++) {
                if (entries[i].parent != found[j]) continue;
                entries[i].isDescendant = changed = 1;
                found[foundCount++] = entries[i].pid;
                break;
            }
        }
    }
    free(found);
    int signalled = 0;
    for (size_t i = 0; i < count; i++) {
        if (entries[i].isDescendant && !entries[i].isZombie && kill(entries[i].pid, SIGKILL) == 0) {
            signalled++;
        }
    }
    free(entries);
    return signalled;
}

/// Reaps every child that has exited; returns 0 once no child is left (nothing can be left below
/// a process without children, since orphans are reparented to it), 1 otherwise.
static int reapExited(pid_t command, int *commandStatus, int *commandExited) {
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            if (pid == command) {
                *commandStatus = status;
                *commandExited = 1;
            }
            continue;
        }
        if (pid < 0 && errno == EINTR) continue;
        return pid < 0 && errno == ECHILD ? 0 : 1;
    }
}

/// Ends this process by `signal` (as the command ended), without a core file of its own.
static void dieBy(int number) {
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigaction(number, &action, NULL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, number);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    kill(getpid(), number);
    // A signal whose default is not to terminate (none should get here).
    _exit(128 + number);
}

int main(int argc, char **argv) {
    char *end = NULL;
    long parent = argc >= 3 ? strtol(argv[1], &end, 10) : 0;
    if (argc < 3 || end == argv[1] || *end != '\0' || parent <= 1) {
        fprintf(stderr, "usage: automl-supervise PARENT_PID PROGRAM [ARGUMENT...]\n");
        return 2;
    }

    // Signals are taken synchronously with sigwaitinfo: block them first. SIGCHLD must not be
    // ignored (ignoring it would make the kernel reap children without telling us).
    signal(SIGCHLD, SIG_DFL);
    sigset_t handled, original;
    sigemptyset(&handled);
    int stopSignals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof stopSignals / sizeof stopSignals[0]; i++) {
        sigaddset(&handled, stopSignals[i]);
    }
    sigaddset(&handled, SIGCHLD);
    sigprocmask(SIG_BLOCK, &handled, &original);

    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    // automl died before PR_SET_PDEATHSIG took effect: nothing to run, nobody to report to.
    if (getppid() != (pid_t)parent) return 128 + SIGTERM;

    pid_t command = fork();
    if (command < 0) {
        fprintf(stderr, "automl-supervise: cannot start %s: %s\n", argv[2], strerror(errno));
        return 127;
    }
    if (command == 0) {
        sigprocmask(SIG_SETMASK, &original, NULL);
        execvp(argv[2], argv + 2);
        fprintf(stderr, "automl-supervise: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }

    int status = 0, exited = 0, caught = 0;
    while (!exited && !caught) {
        siginfo_t info;
        int received = sigwaitinfo(&handled, &info);
        if (received == SIGCHLD) {
            reapExited(command, &status, &exited);
        } else if (received > 0) {
            caught = received;
        }
    }

    // Kill what is left below us, until no child is left to reap.
    sigset_t childExit;
    sigemptyset(&childExit);
    sigaddset(&childExit, SIGCHLD);
    while (reapExited(command, &status, &exited)) {
        killDescendants();
        struct timespec tick = {0, 5 * 1000 * 1000};
        sigtimedwait(&childExit, NULL, &tick);
    }

    if (caught) dieBy(caught);
    if (WIFSIGNALED(status)) dieBy(WTERMSIG(status));
    return WEXITSTATUS(status);
}
