import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct StudiesCopyCommandTests {
    static func trials(_ study: String, in location: StorageLocation) async throws -> [TrialRecord]
    {
        try await location.withStorage(readOnly: true) { try await $0.trials(of: study) }
    }

    static func addEnsembleStudy(to location: StorageLocation) async throws {
        try await location.withStorage { storage in
            try await storage.createStudy(
                StudyRecord(
                    name: "s.ensembles", space: StudyStorageConformance.space,
                    sampler: SamplerSettings(name: "random", seed: 0),
                    attributes: ["objective": "ensemble"]))
            _ = try await storage.startTrials(1, in: "s.ensembles", owner: nil) { _, _ in
                [Configuration(["x": .real(0), "n": .integer(1), "kernel": .string("linear")])]
            }
            try await storage.finishTrial(
                0, of: "s.ensembles", as: .complete([0.9], attributes: ["members": "1,2"]))
            try await storage.artifacts.put(
                Data("not an ensemble".utf8), named: "ensemble", trial: 0, of: "s.ensembles")
        }
    }

    @Test(
        "studies copy moves a study, its trials, artifacts and ensemble study; refuses an existing one; appends with --merge"
    )
    func copiesBetweenFiles() async throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let tune = try runner.run([
            "tune", "--space", "space.json", "--command", "echo \"$AUTOML_PARAM_X\"",
            "--budget", "4", "--study", "s", "--sampler", "random", "--storage", "sqlite:a.db",
            "--quiet",
        ])
        #expect(tune.status == 0, "\(tune.standardError)")
        let source = StorageLocation.sqlite(path: runner.path("a.db"))
        try await source.withStorage { storage in
            try await storage.artifacts.put(Data([1, 2, 3]), named: "oof", trial: 1, of: "s")
        }
        try await Self.addEnsembleStudy(to: source)
        let destination = StorageLocation.sqlite(path: runner.path("b.db"))

        let copy = try runner.run([
            "studies", "copy", "--from", "sqlite:a.db", "--to", "sqlite:b.db", "s",
        ])
        #expect(copy.status == 0, "\(copy.standardError)")
        #expect(copy.standardOutput.contains("5 trials and 2 artifacts copied"))
        let original = try await Self.trials("s", in: source)
        #expect(try await Self.trials("s", in: destination) == original)
        #expect(
            try await Self.trials("s.ensembles", in: destination)
                == Self.trials("s.ensembles", in: source))
        let copiedArtifact = try await destination.withStorage(readOnly: true) {
            try await $0.artifacts.artifact(named: "oof", trial: 1, of: "s")
        }
        #expect(copiedArtifact == Data([1, 2, 3]))

        let again = try runner.run([
            "studies", "copy", "--from", "sqlite:a.db", "--to", "sqlite:b.db", "s",
        ])
        #expect(again.status == 2)
        #expect(again.standardError.contains("--merge"))
        #expect(try await Self.trials("s", in: destination).count == 4)

        let merged = try runner.run([
            "studies", "copy", "--from", "sqlite:a.db", "--to", "sqlite:b.db", "s", "--merge",
            "--json",
        ])
        #expect(merged.status == 0, "\(merged.standardError)")
        let after = try await Self.trials("s", in: destination)
        #expect(after.map(\.number) == Array(0..<8))
        for (old, new) in zip(original, after.suffix(4)) {
            var shifted = old
            shifted.number += 4
            #expect(new == shifted)
        }
        let moved = try await destination.withStorage(readOnly: true) {
            try await $0.artifacts.artifacts(named: "oof", of: "s", trials: nil)
        }
        #expect(moved == [1: Data([1, 2, 3]), 5: Data([1, 2, 3])])
        // The merged ensemble trial names its members by their new numbers.
        let ensembles = try await Self.trials("s.ensembles", in: destination)
        #expect(ensembles.map { $0.attributes["members"] } == ["1,2", "5,6"])
    }
}

/// The PostgreSQL part of the copy tests.
// Skipped, with the reason shown, when AUTOML_TEST_POSTGRES is unset or no server answers.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct StudiesCopyPostgresTests {
    @Test("a study copied from SQLite to PostgreSQL and back is the same study, artifacts included")
    func roundTrips() async throws {
        let runner = try StudyCommandRunner()
        defer { runner.remove() }
        let tune = try runner.run([
            "tune", "--space", "space.json", "--command", "echo \"$AUTOML_PARAM_X\"",
            "--budget", "5", "--study", "s", "--sampler", "random", "--storage", "sqlite:a.db",
            "--quiet",
        ])
        #expect(tune.status == 0, "\(tune.standardError)")
        let source = StorageLocation.sqlite(path: runner.path("a.db"))
        try await source.withStorage { storage in
            try await storage.artifacts.put(
                Data(repeating: 7, count: 5000), named: "oof", trial: 3, of: "s")
        }
        try await StudiesCopyCommandTests.addEnsembleStudy(to: source)
        let schema = PostgresTestServer.scratchSchema()
        let url = PostgresTestServer.url(schema: schema)
        let there = try runner.run(["studies", "copy", "--from", "sqlite:a.db", "--to", url, "s"])
        #expect(there.status == 0, "\(there.standardError)")
        let back = try runner.run(["studies", "copy", "--from", url, "--to", "sqlite:c.db", "s"])
        #expect(back.status == 0, "\(back.standardError)")
        #expect(back.standardOutput.contains("6 trials and 2 artifacts copied"))
        let returned = StorageLocation.sqlite(path: runner.path("c.db"))
        #expect(
            try await StudiesCopyCommandTests.trials("s", in: returned)
                == StudiesCopyCommandTests.trials("s", in: source))
        #expect(
            try await StudiesCopyCommandTests.trials("s.ensembles", in: returned)
                == StudiesCopyCommandTests.trials("s.ensembles", in: source))
        let artifact = try await returned.withStorage(readOnly: true) {
            try await $0.artifacts.artifact(named: "oof", trial: 3, of: "s")
        }
        #expect(artifact == Data(repeating: 7, count: 5000))
        let shown = try runner.run(["studies", "show", "s", "--storage", url])
        #expect(shown.status == 0)
        try await PostgresStorage.dropSchema(schema, url: PostgresTestServer.url ?? "")
    }
}
