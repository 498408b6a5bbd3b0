import AutoMLNumerics
import Foundation
import Synchronization

/// One run of an external program in a process group of its own, with its input, its output
/// tails and its resource use.
///
/// Spawned with `posix_spawn` (new process group; SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGQUIT at
/// their defaults; no signal blocked) from a dedicated thread, which serves its pipes with `poll`
/// and reaps it with `wait4`, which also gives the CPU time and peak memory of the child and of
/// every descendant it waited for. Nothing here blocks Swift's cooperative pool.
///
/// With a ``supervisor`` (`automl-supervise`, see `Sources/automl-supervise/main.c`) the program
/// runs under it: the supervisor kills whatever the program left behind when it exits, when it is
/// told to stop (SIGTERM) and when this process dies, even by SIGKILL, including descendants that
/// left the process group (`setsid`) or were orphaned (double forks). Without one, the program is
/// spawned directly and only its process group is killed.
///
/// Cancelling the awaiting task kills the child: SIGTERM to the supervisor (which ends its whole
/// tree; if it has not exited after ``supervisorGrace``, its process group gets SIGKILL), or
/// SIGKILL to the process group. Once the child has exited, output already in the pipes is read
/// for at most ``drainGrace`` (a background process may still hold them open), then the process
/// group is killed and the child reaped.
struct ChildProcess {
    /// How the process ended.
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    struct Outcome: Sendable {
        var termination: Termination
        /// The last ``outputLimit`` bytes of standard output.
        var standardOutput: Data
        /// The last ``errorLimit`` bytes of standard error.
        var standardError: Data
        var usage: ResourceUsage
        var wallSeconds: Double
        /// Whether we killed the group (cancellation).
        var wasKilled: Bool
    }

    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time
    /// because Swift's Glibc module hides GNU extensions; `nil` where the C library lacks it.
    static let addCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
            guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
                return nil
            }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) ->
                    Int32).self)
        }()

    /// glibc's `pidfd_open` (2.36 and later): a descriptor that `poll` reports readable once the
    /// process has exited. Without it the loop checks for the child's exit every 50 ms.
    static let openProcessDescriptor: (@convention(c) (pid_t, UInt32) -> Int32)? = {
        guard let symbol = dlsym(nil, "pidfd_open") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (pid_t, UInt32) -> Int32).self)
    }()

    static let outputLimit = 256 << 10
    static let errorLimit = 8 << 10
    /// How long output is still read after the child exits (what is already in the pipes).
    static let drainGrace = 0.1
    /// How long a supervisor told to stop may take to end its tree before its group is killed.
    static let supervisorGrace = 2.0

    /// The program and its arguments (`arguments[0]` is the path run).
    var arguments: [String]
    var environment: [String: String]
    /// Written to standard input, which is then closed.
    var input: Data
    /// The `automl-supervise` executable to run ``arguments`` under, or `nil` to spawn them
    /// directly.
    var supervisor: String? = nil

    /// Runs the process to its end (or until the awaiting task is cancelled).
    /// - Throws: ``ExecutorError/cannotStart(command:reason:)`` when spawning fails.
    func run() async throws -> Outcome {
        // A child that exits without reading its input must not kill us with SIGPIPE: writes
        // then fail with EPIPE instead. (Children get SIGPIPE back at its default.)
        _ = Self.ignoreBrokenPipes
        let started = ContinuousClock.now
        let control = try spawnLock.withLock { _ in try Control(isSupervised: supervisor != nil) }
        let handoff = Handoff<Outcome>()
        let input = self.input
        // The child is spawned by the thread that serves and reaps it: the supervisor's
        // PR_SET_PDEATHSIG fires when the *thread* that spawned it ends, and this one lives until
        // the child is reaped (a thread of Swift's pool may end whenever it is idle).
        let thread = Thread { [self] in
            let pid: pid_t
            do {
                pid = try spawnLock.withLock { _ in try spawn(control) }
            } catch {
                control.closeAll()
                handoff.resume(with: .failure(error))
                return
            }
            control.setChild(pid)
            var outcome = Self.serve(pid: pid, control: control, input: input)
            outcome.wallSeconds = (ContinuousClock.now - started).seconds
            control.closeAll()
            handoff.resume(with: .success(outcome))
        }
        thread.start()
        // Cancellation kills the child; the thread then drains, reaps and delivers.
        return try await withTaskCancellationHandler {
            try await handoff.wait()
        } onCancel: {
            control.kill()
        }
    }

    private func spawn(_ control: Control) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, control.stdin.read, 0)
        posix_spawn_file_actions_adddup2(&actions, control.stdout.write, 1)
        posix_spawn_file_actions_adddup2(&actions, control.stderr.write, 2)
        // Nothing else we hold open (or inherited without close-on-exec) reaches the command.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)

        // The supervisor checks that this process is still its parent after asking to be told
        // of its death.
        let program = supervisor.map { [$0, String(getpid())] + arguments } ?? arguments
        let argv = program.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program[0], &actions, &attributes, argv, envp)
        // The child's ends belong to the child now.
        control.closeChildEnds()
        guard status == 0 else {
            let reason = String(cString: strerror(status))
            throw ExecutorError.cannotStart(
                command: arguments.joined(separator: " "),
                reason: supervisor.map { "\($0): \(reason)" } ?? reason)
        }
        return pid
    }

    /// The pipe loop until the child has exited and its output is drained, then `wait4` (on the
    /// dedicated thread).
    private static func serve(pid: pid_t, control: Control, input: Data) -> Outcome {
        var output = TailBuffer(limit: outputLimit)
        var error = TailBuffer(limit: errorLimit)
        var pending = input
        var inputFD: Int32 = pending.isEmpty ? -1 : control.stdin.write
        if inputFD < 0 { control.closeInput() }
        var outputFD = control.stdout.read
        var errorFD = control.stderr.read
        var exitFD = openProcessDescriptor.map { $0(pid, 0) } ?? -1
        defer { if exitFD >= 0 { close(exitFD) } }
        var exitedAt: ContinuousClock.Instant?
        var killedAt: ContinuousClock.Instant?
        var isGroupKilled = false
        var buffer = [UInt8](repeating: 0, count: 64 << 10)

        while true {
            if exitedAt == nil && hasExited(pid) { exitedAt = .now }
            // Without a process descriptor, look for the child's exit every 50 ms.
            var timeout: Int32 = exitFD >= 0 ? -1 : 50
            if let exitedAt {
                // Read what is already in the pipes, then stop: a process the command started
                // may hold them open for as long as it runs.
                let isGraceOver = (ContinuousClock.now - exitedAt).seconds >= drainGrace
                if outputFD < 0 && errorFD < 0 || isGraceOver { break }
                timeout = 0
            } else if let killedAt, control.isSupervised, !isGroupKilled {
                let left = supervisorGrace - (ContinuousClock.now - killedAt).seconds
                if left <= 0 {
                    // The supervisor did not end its tree in time: end what is in its group.
                    Glibc.kill(-pid, SIGKILL)
                    isGroupKilled = true
                } else {
                    let milliseconds = Int32(left * 1000) + 1
                    timeout = timeout < 0 ? milliseconds : min(timeout, milliseconds)
                }
            }
            var fds: [pollfd] = []
            if outputFD >= 0 { fds.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
            if errorFD >= 0 { fds.append(pollfd(fd: errorFD, events: Int16(POLLIN), revents: 0)) }
            if inputFD >= 0 && exitedAt == nil {
                fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0))
            }
            fds.append(pollfd(fd: control.wake.read, events: Int16(POLLIN), revents: 0))
            if exitFD >= 0 && exitedAt == nil {
                fds.append(pollfd(fd: exitFD, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 {
                if errno != EINTR { usleep(10_000) }
                continue
            }
            // Drained: nothing more is waiting in the pipes.
            if ready == 0 && exitedAt != nil { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == exitFD {
                    // Checked at the top of the loop; should the check disagree, fall back to
                    // checking every 50 ms rather than spin on a readable descriptor.
                    if !hasExited(pid) {
                        close(exitFD)
                        exitFD = -1
                    }
                } else if entry.fd == control.wake.read {
                    var byte: UInt8 = 0
                    _ = read(entry.fd, &byte, 1)
                    if killedAt == nil { killedAt = .now }
                } else if entry.fd == inputFD {
                    let written = pending.withUnsafeBytes {
                        write(inputFD, $0.baseAddress, $0.count)
                    }
                    if written > 0 { pending.removeFirst(written) }
                    if written < 0 && errno != EAGAIN && errno != EINTR || pending.isEmpty {
                        control.closeInput()
                        inputFD = -1
                    }
                } else {
                    let count = buffer.withUnsafeMutableBytes {
                        read(entry.fd, $0.baseAddress, $0.count)
                    }
                    if count > 0 {
                        if entry.fd == outputFD {
                            output.append(buffer, count: count)
                        } else {
                            error.append(buffer, count: count)
                        }
                    } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                        if entry.fd == outputFD { outputFD = -1 } else { errorFD = -1 }
                    }
                }
            }
        }
        if inputFD >= 0 { control.closeInput() }

        // Leave no stragglers behind in the group (background jobs of the command; under the
        // supervisor none are left), while the unreaped child still holds the group's id.
        Glibc.kill(-pid, SIGKILL)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wasKilled = control.reaped()

        let termination: Termination
        if status & 0x7f == 0 {
            termination = .exited((status >> 8) & 0xff)
        } else {
            termination = .signalled(status & 0x7f)
        }
        return Outcome(
            termination: termination, standardOutput: output.tail, standardError: error.tail,
            usage: ResourceUsage(usage), wallSeconds: 0, wasKilled: wasKilled || killedAt != nil)
    }

    /// Whether `pid` (our child) has exited, without reaping it.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return result == 0 && info._sifields._sigchld.si_pid == pid
    }
}

/// Held while pipes are made and children spawned (see ``Control/Pipe/make()``).
private let spawnLock = Mutex(())

/// The pipes of one child and the lock around killing it.
private final class Control: Sendable {
    struct Pipe: Sendable {
        var read: Int32
        var write: Int32

        static func make() throws -> Pipe {
            // Called under `spawnLock`, so no other child can be spawned between `pipe` and
            // `FD_CLOEXEC` and inherit these ends (which would hold our pipes open).
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                throw ExecutorError.cannotStart(
                    command: "pipe", reason: String(cString: strerror(errno)))
            }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return Pipe(read: fds[0], write: fds[1])
        }
    }

    let stdin: Pipe
    let stdout: Pipe
    let stderr: Pipe
    let wake: Pipe

    /// Whether the child is `automl-supervise` (stopped by SIGTERM, not by killing its group).
    let isSupervised: Bool

    private struct State {
        var pid: pid_t = 0
        var isReaped = false
        var wasKilled = false
        var open: Set<Int32> = []
    }

    private let state = Mutex(State())

    init(isSupervised: Bool) throws {
        self.isSupervised = isSupervised
        stdin = try Pipe.make()
        stdout = try Pipe.make()
        stderr = try Pipe.make()
        wake = try Pipe.make()
        for fd in [stdin.write, stdout.read, stderr.read] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        let all: Set<Int32> = [
            stdin.read, stdin.write, stdout.read, stdout.write, stderr.read, stderr.write,
            wake.read, wake.write,
        ]
        state.withLock { $0.open = all }
    }

    /// Records the spawned child; kills it at once if ``kill()`` came first.
    func setChild(_ pid: pid_t) {
        state.withLock { state in
            state.pid = pid
            if state.wasKilled { stop(pid) }
        }
    }

    /// Kills the child unless it was already reaped (its id could be reused then): SIGTERM to a
    /// supervisor, which ends its tree and exits; SIGKILL to the process group otherwise.
    func kill() {
        state.withLock { state in
            guard !state.isReaped, !state.wasKilled else { return }
            state.wasKilled = true
            if state.pid > 0 { stop(state.pid) }
            if state.open.contains(wake.write) {
                var byte: UInt8 = 1
                _ = Glibc.write(wake.write, &byte, 1)
            }
        }
    }

    private func stop(_ pid: pid_t) {
        if isSupervised {
            Glibc.kill(pid, SIGTERM)
        } else {
            Glibc.kill(-pid, SIGKILL)
        }
    }

    /// Marks the child reaped; returns whether it had been killed.
    func reaped() -> Bool {
        state.withLock { state in
            state.isReaped = true
            return state.wasKilled
        }
    }

    func closeChildEnds() { close([stdin.read, stdout.write, stderr.write]) }
    func closeInput() { close([stdin.write]) }
    func closeAll() {
        close([
            stdin.read, stdin.write, stdout.read, stdout.write, stderr.read, stderr.write,
            wake.read, wake.write,
        ])
    }

    private func close(_ fds: [Int32]) {
        state.withLock { state in
            for fd in fds where state.open.remove(fd) != nil { Glibc.close(fd) }
        }
    }
}

/// The last `limit` bytes written to it.
struct TailBuffer {
    let limit: Int
    private(set) var data = Data()

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ bytes: [UInt8], count: Int) {
        data.append(contentsOf: bytes[0..<count])
        if data.count > 2 * limit { data = Data(data.suffix(limit)) }
    }

    /// The kept bytes (at most `limit`).
    var tail: Data { data.count > limit ? Data(data.suffix(limit)) : data }
}
