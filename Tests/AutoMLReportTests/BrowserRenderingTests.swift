import AutoML
import Foundation
import Testing

/// Renders a report in headless Chromium (Debian's `chromium`, installed by `.ci/run`) and
/// checks what a reader would see: a page that is not blank and a script that raised nothing.
/// The command is the one docs/report.md gives.
@Suite(.serialized) struct BrowserRenderingTests {
    /// The Chromium executable on the `PATH`, if any.
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// Counts a PNG's pixels that are not (near) white: `width height nonwhite`. Python's zlib
    /// inflates; the rows are unfiltered by hand (PNG filter types 0–4).
    static let pngCounter = """
        import struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\\x89PNG\\r\\n\\x1a\\n", "not a PNG"
        pos, idat = 8, b""
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            chunk = data[pos + 8:pos + 8 + length]
            if kind == b"IHDR":
                width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            elif kind == b"IDAT":
                idat += chunk
            pos += 12 + length
        assert depth == 8 and interlace == 0, "unexpected PNG format"
        n = {0: 1, 2: 3, 4: 2, 6: 4}[color]
        raw = zlib.decompress(idat)
        stride = width * n
        prev = bytearray(stride)
        i = 0
        nonwhite = 0
        for y in range(height):
            f = raw[i]
            line = bytearray(raw[i + 1:i + 1 + stride])
            i += 1 + stride
            if f == 1:
                for x in range(n, stride):
                    line[x] = (line[x] + line[x - n]) & 255
            elif f == 2:
                for x in range(stride):
                    line[x] = (line[x] + prev[x]) & 255
            elif f == 3:
                for x in range(stride):
                    a = line[x - n] if x >= n else 0
                    line[x] = (line[x] + (a + prev[x]) // 2) & 255
            elif f == 4:
                for x in range(stride):
                    a = line[x - n] if x >= n else 0
                    b = prev[x]
                    c = prev[x - n] if x >= n else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
            for x in range(0, stride, n):
                if min(line[x:x + min(n, 3)]) < 245:
                    nonwhite += 1
            prev = line
        print(width, height, nonwhite)
        """

    struct Run {
        var status: Int32
        var standardError: String
    }

    /// Runs `executable arguments`, killing it after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 90) throws -> (
        Run, String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        DispatchQueue.global().async {
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            if process.isRunning { process.terminate() }
        }
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            Run(
                status: process.terminationStatus,
                standardError: String(decoding: errorData, as: UTF8.self)),
            String(decoding: outputData, as: UTF8.self)
        )
    }

    @Test(
        "headless Chromium renders a small study's report: not blank, no script error",
        .enabled(
            if: chromium != nil, "chromium is not installed (.ci/run installs Debian's chromium)")
    )
    func screenshot() throws {
        let chromium = try #require(Self.chromium)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "report-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let png = folder.appendingPathComponent("out.png")
        try Data(StudyReportBuilder(fixedStudy()).build().html.utf8).write(to: page)

        let (run, _) = try Self.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--screenshot=\(png.path)",
                "--window-size=1280,800", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                page.absoluteString,
            ])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardError.split(separator: "\n")
        #expect(!lines.contains { $0.contains("Uncaught") }, "\(run.standardError)")
        #expect(
            !lines.contains { $0.contains("CONSOLE") && $0.lowercased().contains("error") },
            "\(run.standardError)")
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "a blank 1280×800 page is a few kB; got \(size) bytes")

        let script = folder.appendingPathComponent("count.py")
        try Data(Self.pngCounter.utf8).write(to: script)
        let (counted, output) = try Self.run("/usr/bin/env", ["python3", script.path, png.path])
        #expect(counted.status == 0, "\(counted.standardError)")
        let numbers = output.split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try #require(numbers.count == 3, "\(output)")
        #expect(numbers[0] == 1280 && numbers[1] == 800)
        // Text, axes, points and the header cover far more than 1 % of a 1280×800 page.
        #expect(numbers[2] > 1280 * 800 / 100, "only \(numbers[2]) non-white pixels")
    }
}
