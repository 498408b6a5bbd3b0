import AutoMLData
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct OutputFolderTests {

    @Test("a missing folder is created; a file or a folder in the way is refused, naming it")
    func prepare() throws {
        let root = scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fresh = root + "/a/b"
        try OutputFolder.prepare(fresh, files: ["model.json"])
        var isDirectory: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: fresh, isDirectory: &isDirectory)
                && isDirectory.boolValue)

        let file = root + "/results.csv"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let notAFolder = #expect(throws: DataError.self) {
            try OutputFolder.prepare(file, files: ["model.json"])
        }
        #expect(
            notAFolder?.description.hasPrefix("\(file): cannot be written: it is a file") == true)

        try FileManager.default.createDirectory(
            atPath: fresh + "/summary.json", withIntermediateDirectories: true)
        let inTheWay = #expect(throws: DataError.self) {
            try OutputFolder.prepare(fresh, files: ["model.json", "summary.json"])
        }
        #expect(
            inTheWay
                == .unwritable(
                    path: fresh + "/summary.json", reason: "it is a folder; give a file name"))
    }

    @Test("an atomic write names a missing folder and a folder where the file goes")
    func atomicWriteErrors() throws {
        let root = scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let missing = #expect(throws: DataError.self) {
            try AtomicFile.write(Data(), to: root + "/no/x.csv")
        }
        #expect(
            missing?.description.contains("the folder \(root)/no does not exist; create it first")
                == true)
        #expect(
            throws: DataError.unwritable(path: root, reason: "it is a folder; give a file name")
        ) {
            try AtomicFile.write(Data(), to: root)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }
}
