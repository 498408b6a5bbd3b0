import AutoMLData
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct OutputPathTests {
    func file(
        _ text: String = "original\n", in directory: URL = scratchDirectory(),
        name: String = "data.csv"
    )
        throws -> String
    {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func hiddenFiles(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
    }

    @Test(
        "an output is never written over an input, a folder, a device or a pipe; nothing is left behind"
    )
    func refusals() throws {
        let input = try file()
        let folder = (input as NSString).deletingLastPathComponent
        // The input itself, and a hard link to it.
        #expect { try AtomicFile.write(Data("x".utf8), to: input, protecting: [input]) } throws: {
            "\($0)".contains("it is the input file")
        }
        let hardLink = folder + "/same.csv"
        try FileManager.default.linkItem(atPath: input, toPath: hardLink)
        #expect(throws: DataError.self) {
            try AtomicFile.write(Data("x".utf8), to: hardLink, protecting: [input])
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "original\n")
        // A folder, a character device, a pipe.
        #expect { try AtomicFile.write(Data("x".utf8), to: folder) } throws: {
            "\($0)".contains("it is a folder")
        }
        #expect { try AtomicFile.write(Data("x".utf8), to: "/dev/null") } throws: {
            "\($0)".contains("a device")
        }
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect { try AtomicFile.write(Data("x".utf8), to: fifo) } throws: {
            "\($0)".contains("pipe or socket")
        }
        // A missing folder, an empty path.
        #expect { try AtomicFile.write(Data("x".utf8), to: folder + "/nope/out.csv") } throws: {
            "\($0)".contains("does not exist")
        }
        #expect(throws: DataError.self) { try AtomicFile.write(Data("x".utf8), to: "") }
        #expect(try hiddenFiles(in: folder).isEmpty)
    }

    @Test("a symbolic link is followed: the file it points to is replaced and the link stays")
    func symbolicLink() throws {
        let directory = scratchDirectory()
        let target = try file("old", in: directory, name: "target.csv")
        let link = directory.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.csv")
        try AtomicFile.write(Data("new".utf8), to: link)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.csv")
        // A link to an input is the input.
        #expect(throws: DataError.self) {
            try AtomicFile.write(Data("x".utf8), to: link, protecting: [target])
        }
        #expect(try hiddenFiles(in: directory.path).isEmpty)
    }

    @Test("a replaced file keeps its permissions, and the write is whole")
    func replacement() throws {
        let path = try file()
        chmod(path, 0o640)
        let big = Data(repeating: 65, count: 3_000_000)
        try AtomicFile.write(big, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == big)
        var status = stat()
        stat(path, &status)
        #expect(status.st_mode & 0o777 == 0o640)
    }

    /// Whether a small tmpfs can be mounted here (root, not in a restricted container): a full
    /// disk is then real, not simulated.
    static let canMountTmpfs: Bool = {
        let probe = scratchDirectory().path
        guard geteuid() == 0, mount("tmpfs", probe, "tmpfs", 0, "size=64k") == 0 else {
            return false
        }
        umount(probe)
        return true
    }()

    @Test(
        "a full disk is named as such and leaves neither the output nor a temporary file",
        .enabled(if: canMountTmpfs, "needs root to mount a 64 KiB tmpfs that fills up"))
    func fullDisk() throws {
        let small = scratchDirectory().path
        #expect(mount("tmpfs", small, "tmpfs", 0, "size=64k") == 0)
        defer { umount(small) }
        let out = small + "/out.csv"
        #expect { try AtomicFile.write(Data(repeating: 1, count: 1_000_000), to: out) } throws: {
            "\($0)".contains("the disk is full")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: small).isEmpty)
    }

    @Test("an output folder the run created is removed when nothing was written into it")
    func emptyFolder() throws {
        let folder = scratchDirectory().appendingPathComponent("new/out").path
        #expect(try OutputFolder.prepare(folder, files: ["a.json"]))
        OutputFolder.removeIfEmpty(folder)
        #expect(!FileManager.default.fileExists(atPath: folder))
        let kept = scratchDirectory().path
        #expect(try OutputFolder.prepare(kept, files: ["a.json"]) == false)
    }
}
