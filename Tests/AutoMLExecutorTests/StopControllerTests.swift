import AutoMLExecutor
import Foundation
import Synchronization
import Testing

@Suite struct StopControllerTests {
    @Test("each stop signal escalates: running, graceful, abort; abort handlers run once")
    func escalation() {
        let stop = StopController()
        let aborts = Mutex(0)
        stop.onAbort { aborts.withLock { $0 += 1 } }
        #expect(stop.level == .running)
        #expect(stop.escalate() == .graceful)
        #expect(stop.isStopping)
        #expect(aborts.withLock { $0 } == 0)
        #expect(stop.escalate() == .abort)
        #expect(stop.escalate() == .abort)
        #expect(aborts.withLock { $0 } == 1)
    }

    @Test("two escalations at once make both steps")
    func concurrentEscalation() async {
        for _ in 0..<50 {
            let stop = StopController()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<2 { group.addTask { stop.escalate() } }
            }
            #expect(stop.level == .abort)
        }
    }

    @Test("Ctrl-C, SIGTERM and SIGHUP are the stop signals")
    func signals() {
        #expect(StopController.stopSignals == [SIGINT, SIGTERM, SIGHUP])
    }
}
