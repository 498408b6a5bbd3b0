/// CSV files read by `data describe`, `tune --data` and `predict --data`.
extension BadInputCase {
    static var csvCases: [BadInputCase] {
        describeCases + tuneDataCases + predictDataCases
    }

    /// `automl data describe d.csv --target y` on `bytes`.
    private static func describe(
        _ name: String, _ bytes: [UInt8], target: String = "y", _ extra: [String] = [],
        status: Int32 = Status.badInput, message: String
    ) -> BadInputCase {
        BadInputCase(
            .csv, "describe: \(name)", files: [.bytes("d.csv", bytes)],
            ["data", "describe", "d.csv", "--target", target] + extra, status: status,
            message: message)
    }

    private static func describe(
        _ name: String, _ text: String, target: String = "y", _ extra: [String] = [],
        status: Int32 = Status.badInput, message: String
    ) -> BadInputCase {
        describe(
            name, Array(text.utf8), target: target, extra, status: status, message: message)
    }

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let rows = "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n"

    private static var describeCases: [BadInputCase] {
        [
            describe("empty file", "", message: "d.csv: the file is empty"),
            describe("only blank lines", "\n\r\n\n", message: "d.csv: the file is empty"),
            describe(
                "only a byte-order mark and blank lines", bom + [0x0A, 0x0D, 0x0A],
                message: "d.csv: the file is empty"),
            describe(
                "header only", "a,b,y\n", message: "d.csv: the file has a header but no data rows"),
            describe(
                "header followed by blank lines", "a,b,y\r\n\r\n\n",
                message: "d.csv: the file has a header but no data rows"),
            describe(
                "row with a missing field", "a,b,y\n1,2,0\n3,1\n",
                message: "d.csv:3: the row has 2 fields but the header has 3"),
            describe(
                "row with an extra field", "a,b,y\n1,2,0\n3,4,1\n5,6,7,1\n",
                message: "d.csv:4: the row has 4 fields but the header has 3"),
            describe(
                "ragged row after a quoted field over two lines",
                "a,b,y\n\"multi\nline\",2,0\n1,2\n",
                message: "d.csv:4: the row has 2 fields but the header has 3"),
            describe(
                "unterminated quote", "a,b,y\n1,\"open,0\n2,3,1\n",
                message: "d.csv:2: a quoted field is never closed"),
            describe(
                "unterminated quote in the header", "a,\"b,y\n1,2,0\n",
                message: "d.csv:1: a quoted field is never closed"),
            describe(
                "text after a closing quote", "a,b,y\n1,\"x\"z,0\n",
                message: "d.csv:2: column 'b' has text after the closing quote"),
            describe(
                "a byte-order mark before a valid file", bom + Array(rows.utf8),
                status: Status.success, message: "d.csv: 4 rows, 2 features"),
            describe(
                "CR line ends", "a,b,y\r1,2,0\r3,4,1\r", status: Status.success,
                message: "d.csv: 2 rows, 2 features"),
            describe(
                "separated by semicolons", "a;b;y\n1;2;0\n3;4;1\n",
                message: "the file looks separated by ';'; pass --delimiter ';'"),
            describe(
                "separated by tabs", "a\tb\ty\n1\t2\t0\n3\t4\t1\n",
                message: "the file looks separated by tabs; pass --delimiter tab"),
            describe(
                "separated by bars", "a|b|y\n1|2|0\n3|4|1\n",
                message: "the file looks separated by '|'; pass --delimiter '|'"),
            describe(
                "separated by commas, read with --delimiter ';'", rows, ["--delimiter", ";"],
                message: "the file looks separated by ','; pass --delimiter ','"),
            describe(
                "a NUL byte in a field", Array("a,b,y\n1,2".utf8) + [0] + Array(",0\n3,4,1\n".utf8),
                message: "d.csv:2: the text is not valid UTF-8 (or holds NUL bytes"),
            describe(
                "UTF-16 with a byte-order mark", [0xFF, 0xFE] + utf16("a,b,y\n1,2,0\n3,4,1\n"),
                message: "d.csv:1: the text is not valid UTF-8"),
            describe(
                "UTF-16 without a byte-order mark", utf16("a,b,y\n1,2,0\n3,4,1\n"),
                message: "d.csv:1: the text is not valid UTF-8 (or holds NUL bytes"),
            describe(
                "invalid UTF-8 in a field",
                Array("a,b,y\n1,x,0\n2,".utf8) + [0xC3, 0x28] + Array(",1\n".utf8),
                message: "d.csv:3: the text is not valid UTF-8"),
            describe(
                "Latin-1 text in the header",
                [0x61, 0xE9, 0x2C, 0x79, 0x0A] + Array("1,0\n2,1\n".utf8),
                message: "d.csv:1: the text is not valid UTF-8"),
            describe(
                "binary garbage", [0x00, 0x01, 0x2C, 0xFE, 0x0A, 0x22, 0x00],
                message: "d.csv:1: the text is not valid UTF-8"),
            describe(
                "duplicate column names", "a,b,a,y\n1,2,3,0\n4,5,6,1\n",
                message: "d.csv:1: the column name 'a' appears twice (columns 1 and 3)"),
            describe(
                "target column missing", "a,b,c\n1,2,0\n3,4,1\n",
                message:
                    "d.csv: there is no column named 'y'; pass --target with one of 'a', 'b', 'c'"),
            describe(
                "a 100 000-character column name, target missing",
                String(repeating: "n", count: 100_000) + ",b\n1,2\n3,4\n",
                message: "d.csv: there is no column named 'y'; pass --target with one of 'nnnn"),
            describe(
                "target with one class", "a,y\n1,yes\n2,yes\n3,yes\n",
                message: "d.csv: the target column 'y' has a single class ('yes')"),
            describe(
                "constant regression target", "a,y\n1,5.5\n2,5.5\n3,5.5\n",
                ["--task", "regression"], message: "d.csv: the target column 'y' is constant"),
            describe(
                "text target forced to regression", "a,y\n1,low\n2,high\n",
                ["--task", "regression"],
                message: "d.csv:2: "),
            describe("missing target value", "a,y\n1,0\n2,\n3,1\n", message: "d.csv:3: "),
            describe(
                "infinite number", "a,b,y\n1,2,0\n3,inf,1\n",
                message: "d.csv:3: column 'b' holds the non-finite number 'inf'"),
            describe(
                "number that overflows", "a,b,y\n1e999,2,0\n3,4,1\n",
                message: "d.csv:2: column 'a' holds the non-finite number '1e999'"),
            describe("no feature columns", "y\n0\n1\n", message: "d.csv: "),
            describe(
                "a 2 MB field",
                "a,b,y\n1," + String(repeating: "x", count: 2_000_000) + ",0\n2,z,1\n",
                status: Status.success, message: "d.csv: 2 rows, 2 features"),
            BadInputCase(
                .csv, "describe: missing file", ["data", "describe", "none.csv", "--target", "y"],
                status: Status.badInput, message: "none.csv: no such file"),
            BadInputCase(
                .csv, "describe: a folder", files: [.folder("d.csv")],
                ["data", "describe", "d.csv", "--target", "y"], status: Status.badInput,
                message: "d.csv: cannot be read: it is a folder"),
            BadInputCase(
                .csv, "describe: a device", ["data", "describe", "/dev/zero", "--target", "y"],
                status: Status.badInput, message: "/dev/zero: cannot be read: it is a device"),
        ]
    }

    /// `automl tune --data d.csv` with a budget of one trial; the default storage
    /// (`automl.db`) and `--out result` must not appear when the data is refused.
    private static func tune(
        _ name: String, _ text: String, _ extra: [String] = [], status: Int32 = Status.badInput,
        message: String, created: [String] = []
    ) -> BadInputCase {
        BadInputCase(
            .csv, "tune: \(name)", files: [.text("d.csv", text)],
            [
                "tune", "--data", "d.csv", "--target", "y", "--budget", "1", "--cv", "2",
                "--ensemble-space", "none", "--out", "result", "--quiet",
            ] + extra, status: status, message: message, created: created)
    }

    private static var tuneDataCases: [BadInputCase] {
        [
            tune("empty file", "", message: "d.csv: the file is empty"),
            tune(
                "header only", "a,b,y\n", message: "d.csv: the file has a header but no data rows"),
            tune("ragged row", "a,b,y\n1,2,0\n3,4\n", message: "d.csv:3: the row has 2 fields"),
            tune(
                "separated by semicolons", "a;b;y\n1;2;0\n3;4;1\n",
                message: "pass --delimiter ';'"),
            tune(
                "target column missing", "a,b\n1,2\n3,4\n",
                message: "d.csv: there is no column named 'y'"),
            tune(
                "target with one class", "a,b,y\n1,2,0\n3,4,0\n5,6,0\n7,8,0\n",
                message: "d.csv: the target column 'y' has a single class ('0')"),
            tune(
                "constant regression target", "a,b,y\n1,2,0.5\n3,4,0.5\n5,6,0.5\n7,8,0.5\n",
                ["--task", "regression"], message: "d.csv: the target column 'y' is constant"),
            tune(
                "duplicate column names", "a,a,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n",
                message: "d.csv:1: the column name 'a' appears twice"),
            tune(
                "a class with fewer rows than --cv folds", "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,0\n",
                ["--cv", "3"], message: "class '1' has 1 row, fewer than the 3 folds"),
            tune(
                "a feature empty in every row", "a,b,y\n1,,0\n3,,1\n5,,0\n7,,1\n",
                ["--storage", "memory:"],
                status: Status.success,
                message: "study 'tune-d'",
                created: [
                    "result", "result/model.json", "result/summary.json", "result/study.json",
                ]),
        ]
    }

    /// `automl predict --model model.json --data d.csv --out p.csv` (iris's logistic model).
    private static func predict(
        _ name: String, _ text: String, status: Int32 = Status.badInput, message: String,
        created: [String] = []
    ) -> BadInputCase {
        BadInputCase(
            .csv, "predict: \(name)", files: [model, .text("d.csv", text)],
            ["predict", "--model", "model.json", "--data", "d.csv", "--out", "p.csv"],
            status: status, message: message, created: created)
    }

    private static var predictDataCases: [BadInputCase] {
        [
            predict("empty file", "", message: "d.csv: the file is empty"),
            predict(
                "header only", irisHeader + "\n",
                message: "d.csv: the file has a header but no data rows"),
            predict(
                "text in a numeric column", irisHeader + "\n5.1,3.5,1.4,0.2\n5.0,abc,1.4,0.2\n",
                message:
                    "d.csv:3: column 'sepal width (cm)' holds the text 'abc' where model.json expects a number"
            ),
            predict(
                "a training column missing", "x,y\n1,2\n",
                message:
                    "d.csv: has no column 'sepal length (cm)', which model.json was trained with"),
            predict(
                "ragged row", irisHeader + "\n5.1,3.5,1.4\n",
                message: "d.csv:2: the row has 3 fields but the header has 4"),
            predict(
                "replacement characters in a numeric column",
                irisHeader + "\n5.1,3.5,1.4,\u{FFFD}\n",
                status: Status.badInput,
                message: "d.csv:2: column 'petal width (cm)' holds the text"),
            predict(
                "one row with a missing field (imputed)", irisHeader + "\n5.1,,1.4,0.2\n",
                status: Status.success, message: "Wrote 1 predictions to p.csv", created: ["p.csv"]),
        ]
    }

    /// `text` in UTF-16, little-endian, without a byte-order mark.
    private static func utf16(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }
}
