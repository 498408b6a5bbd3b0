import AutoMLStudy
import AutoMLTestSupport
import Testing

@Suite struct InMemoryStorageTests {
    @Test("the in-memory storage passes the storage conformance suite")
    func conforms() async throws {
        try await StudyStorageConformance.check { InMemoryStorage() }
    }
}
