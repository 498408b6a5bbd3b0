import AutoML
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct DatasetFingerprintTests {
    func dataset(_ csv: String) throws -> Dataset {
        let path = scratchDirectory().appendingPathComponent("d.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        return try Dataset(table: try CSVReader.read(contentsOf: path), targetName: "y")
    }

    @Test(
        "the same values written differently hash alike; another value, column or target does not")
    func hashing() throws {
        let a = DatasetFingerprint(try dataset("x,c,y\n1,a,p\n2.0,b,q\n3,a,p\n"))
        let b = DatasetFingerprint(try dataset("x,c,y\r\n1.0,\"a\",p\r\n2,b,q\r\n3e0,a,p\r\n"))
        #expect(a == b)
        #expect(a.contentHash.hasPrefix("fnv1a64:") && a.contentHash.count == 24)
        #expect(
            a.columns == [
                .init(name: "x", type: .numeric),
                .init(name: "c", type: .categorical, categories: ["a", "b"]),
            ])
        #expect(a.classes == ["p", "q"] && a.rows == 3 && a.task == .classification)
        #expect(
            DatasetFingerprint(try dataset("x,c,y\n1,a,p\n2.5,b,q\n3,a,p\n")).contentHash
                != a.contentHash)
        #expect(
            DatasetFingerprint(try dataset("x,d,y\n1,a,p\n2,b,q\n3,a,p\n")).contentHash
                != a.contentHash)
        #expect(
            DatasetFingerprint(try dataset("x,c,y\n1,a,q\n2,b,p\n3,a,q\n")).contentHash
                != a.contentHash)
        // Same for the iris example read twice.
        #expect(
            DatasetFingerprint(try exampleDataset("iris"))
                == DatasetFingerprint(try exampleDataset("iris")))
    }

    @Test("column mismatches are worded with the column's name")
    func mismatches() throws {
        let reference = DatasetFingerprint(try dataset("x,c,y\n1,a,p\n2,b,q\n"))
        #expect(
            reference.columnMismatch(with: DatasetFingerprint(try dataset("c,x,y\n9,3,p\n8,4,q\n")))
                == "column 'c' is numeric, not categorical")
        #expect(
            reference.columnMismatch(with: DatasetFingerprint(try dataset("x,y\n1,p\n2,q\n")))
                == "column 'c' (categorical) is missing")
        #expect(
            reference.columnMismatch(
                with: DatasetFingerprint(try dataset("x,c,z,y\n1,a,0,p\n2,b,1,q\n")))
                == "column 'z' is not one of the 2 feature columns")
        // Other rows and other categories are fine.
        #expect(
            reference.columnMismatch(
                with: DatasetFingerprint(try dataset("x,c,y\n5,zz,p\n6,a,q\n7,a,q\n"))) == nil)
    }
}
