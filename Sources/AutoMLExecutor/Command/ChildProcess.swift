import AutoMLNumerics
import Foundation
import Synchronization

/// One run of an external program in a process group of its own, with its input, its output
/// tails and its resource use.
///
/// Spawned with `posix_spawn` (new process group; SIGINT, SIGTERM, SIGPIPE and SIGQUIT at
/// their defaults; no signal blocked), its pipes served by a dedicated thread with `poll`, and
/// reaped with `wait4`, which also gives the CPU time and peak memory of the child and of every
/// descendant it waited for. Nothing here blocks Swift's cooperative pool. Cancelling the
/// awaiting task kills the whole process group (SIGKILL) and returns what was read.
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

    static let outputLimit = 256 << 10
    static let errorLimit = 8 << 10

    /// The program and its arguments (`arguments[0]` is the path run).
    var arguments: [String]
    var environment: [String: String]
    /// Written to standard input, which is then closed.
    var input: Data

    /// Runs the process to its end (or until the awaiting task is cancelled).
    /// - Throws: ``ExecutorError/cannotStart(command:reason:)`` when spawning fails.
    func run() async throws -> Outcome {
        // A child that exits without reading its input must not kill us with SIGPIPE: writes
        // then fail with EPIPE instead. (Children get SIGPIPE back at its default.)
        _ = Self.ignoreBrokenPipes
        let started = ContinuousClock.now
        let (control, pid) = try spawnLock.withLock { _ in
            let control = try Control()
            return (control, try spawn(control))
        }
        control.setChild(pid)
        let handoff = Handoff<Outcome>()
        let input = self.input
        let thread = Thread {
            var outcome = Self.serve(pid: pid, control: control, input: input)
            outcome.wallSeconds = (ContinuousClock.now - started).seconds
            control.closeAll()
            handoff.resume(with: .success(outcome))
        }
        thread.start()
        // Cancellation kills the group; the thread then drains, reaps and delivers.
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

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        // The child's ends belong to the child now.
        control.closeChildEnds()
        guard status == 0 else {
            control.closeAll()
            throw ExecutorError.cannotStart(
                command: arguments.joined(separator: " "), reason: String(cString: strerror(status))
            )
        }
        return pid
    }

    /// The pipe loop, then `wait4` (on the dedicated thread).
    private static func serve(pid: pid_t, control: Control, input: Data) -> Outcome {
        var output = TailBuffer(limit: outputLimit)
        var error = TailBuffer(limit: errorLimit)
        var pending = input
        var inputFD: Int32 = pending.isEmpty ? -1 : control.stdin.write
        if inputFD < 0 { control.closeInput() }
        var outputFD = control.stdout.read
        var errorFD = control.stderr.read
        var killedAt: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 64 << 10)

        while outputFD >= 0 || errorFD >= 0 {
            var fds: [pollfd] = []
            if outputFD >= 0 { fds.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
            if errorFD >= 0 { fds.append(pollfd(fd: errorFD, events: Int16(POLLIN), revents: 0)) }
            if inputFD >= 0 { fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
            fds.append(pollfd(fd: control.wake.read, events: Int16(POLLIN), revents: 0))
            // After a kill, a grandchild that left the group may still hold a pipe: give it
            // a moment, then stop reading.
            var timeout: Int32 = -1
            if let killedAt {
                let left = 0.2 - (ContinuousClock.now - killedAt).seconds
                if left <= 0 { break }
                timeout = Int32(left * 1000) + 1
            }
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == control.wake.read {
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

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wasKilled = control.reaped()
        // Leave no stragglers behind in the group (background jobs of the command).
        Glibc.kill(-pid, SIGKILL)

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
}

/// Held while pipes are made and children spawned (see ``Control/Pipe/make()``).
private let spawnLock = Mutex(())

/// The pipes of one child and the lock around killing its group.
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

    private struct State {
        var pid: pid_t = 0
        var isReaped = false
        var wasKilled = false
        var open: Set<Int32> = []
    }

    private let state = Mutex(State())

    init() throws {
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

    func setChild(_ pid: pid_t) { state.withLock { $0.pid = pid } }

    /// Kills the child's group unless it was already reaped (its id could be reused then).
    func kill() {
        state.withLock { state in
            guard state.pid > 0, !state.isReaped else { return }
            state.wasKilled = true
            Glibc.kill(-state.pid, SIGKILL)
            if state.open.contains(wake.write) {
                var byte: UInt8 = 1
                _ = Glibc.write(wake.write, &byte, 1)
            }
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
