import Foundation
import Testing

/// The bad-input corpus: every case of ``BadInputCase/all`` runs the real `automl` in a scratch
/// folder and must end with its documented exit status and message, within seconds, without a
/// crash, without raw Foundation or decoder text, and without writing anything it should not
/// (no output, no hidden temporary file, no changed input).
///
/// The cases run one after the other (about 40 s in all): run side by side, hundreds of
/// processes would share the cores and the time limits would measure the queue, not automl.
@Suite(.serialized) struct BadInputCorpusTests {
    @Test("the corpus holds at least 150 cases, in every area, with distinct names")
    func corpusSize() {
        let cases = BadInputCase.all
        #expect(cases.count >= 150, "\(cases.count) cases")
        for area in BadInputCase.Area.allCases {
            #expect(cases.filter { $0.area == area }.count >= 8, "\(area.rawValue)")
        }
        let names = cases.map(\.testDescription)
        #expect(Set(names).count == names.count, "two cases share a name")
    }

    @Test(
        "a bad input ends with its documented status and message, and writes nothing",
        arguments: BadInputCase.all)
    func badInput(_ item: BadInputCase) async throws {
        let scratch = try BadInputScratch()
        defer { scratch.remove() }
        let (before, outcome, after) = try await Self.perform(item, in: scratch)
        let context = "automl \(item.arguments.joined(separator: " "))\n\(outcome.standardError)"

        #expect(
            !outcome.timedOut && outcome.seconds < item.secondsAllowed,
            "took \(outcome.seconds) s: \(context)")
        #expect(!outcome.wasSignalled, "crashed: \(context)")
        #expect(outcome.status == item.status, "\(context)")
        #expect(item.message.isEmpty || outcome.firstLine.contains(item.message), "\(context)")
        if item.status != 0 {
            #expect(outcome.firstLine.hasPrefix("Error: "), "\(context)")
        }
        for raw in [
            "NSCocoaErrorDomain", "Error Domain=", "DecodingError", "Fatal error", "Swift/",
        ] {
            #expect(!outcome.standardError.contains(raw), "raw '\(raw)' text: \(context)")
        }
        #expect(outcome.firstLine.count <= 1_000, "a first line of \(outcome.firstLine.count)")

        // Nothing written: no new file (an output, a temporary file, a study database) unless
        // the case allows it, and every file there before keeps its bytes.
        let appeared = Set(after.keys).subtracting(before.keys).subtracting(item.created)
        #expect(appeared.isEmpty, "written: \(appeared.sorted()); \(context)")
        for (path, bytes) in before where !item.changed.contains(path) {
            #expect(after[path] == bytes, "\(path) was changed or removed; \(context)")
        }
        if let index = item.arguments.firstIndex(of: "--out"), index + 1 < item.arguments.count,
            item.status != 0
        {
            let out = item.arguments[index + 1]
            let existed = before[out] != nil || out.hasPrefix("/")
            #expect(existed || after[out] == nil, "--out \(out) was written; \(context)")
        }
    }

    /// Makes the case's files, then runs it, on a thread of its own (fixtures run `automl` too).
    private static func perform(_ item: BadInputCase, in scratch: BadInputScratch) async throws
        -> ([String: Data?], BadInputScratch.Outcome, [String: Data?])
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        try scratch.make(item.files)
                        let before = try scratch.snapshot()
                        let outcome = try scratch.run(item.arguments)
                        return (before, outcome, try scratch.snapshot())
                    })
            }.start()
        }
    }
}
