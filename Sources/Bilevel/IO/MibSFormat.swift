import Foundation

/// The MibS input format (MPS + AUX), also used by BOBILib and BilevelLib.
///
/// The MPS file holds the leader's objective (its first `N` row), every row of both levels, and all
/// bounds and integrality. The AUX file names the follower's variables with their objective
/// coefficients, the follower's rows, and the follower's sense. For an interdiction instance (AUX
/// keys `IC`/`IB`) the MPS file holds only the follower's problem and the model is the one MibS builds
/// from it (leader variables `X…`, rows `BUDGET` and `V…`; see `AuxReader`).
///
///     let model = try MibSFormat.read(path: "models/bard1984.aux")
public enum MibSFormat {
    /// Reads an instance from its AUX file (`.aux`, `.txt`, …) or its MPS file (`.mps`).
    ///
    /// From an AUX file, the MPS file is the one its `@MPS` line names (relative to the AUX file), else
    /// the file with the same base name and extension `.mps`. From an MPS file, the AUX file is
    /// `BASE.aux`, else `BASE.txt`, beside it.
    ///
    /// - Parameter path: The AUX or the MPS file.
    /// - Returns: The model; its name is the MPS `NAME`, else the AUX `@NAME`, else the MPS file's base name.
    /// - Throws: `BilevelError.parse` with file and line, or `.io` when a file is missing.
    public static func read(path: String) throws -> BilevelModel {
        let (mpsPath, auxPath) = try locate(path)
        let mps = try MPSReader.read(path: mpsPath)
        let aux = try AuxReader.parse(try TextFile.read(auxPath), file: auxPath, mps: mps)
        return assemble(mps: aux.interdiction ?? mps, aux: aux, fallbackName: baseName(of: mpsPath))
    }

    /// Reads an instance from the texts of its two files (names used in error messages only).
    ///
    /// - Parameters:
    ///   - mps: The MPS file's text.
    ///   - aux: The AUX file's text.
    ///   - mpsFile: The MPS file's name in error messages (its base name names a model without a name).
    ///   - auxFile: The AUX file's name in error messages.
    /// - Returns: The model.
    /// - Throws: `BilevelError.parse` with file and line.
    public static func parse(mps: String, aux: String, mpsFile: String = "model.mps", auxFile: String = "model.aux")
        throws -> BilevelModel {
        let data = try MPSReader.parse(mps, file: mpsFile)
        let auxData = try AuxReader.parse(aux, file: auxFile, mps: data)
        return assemble(mps: auxData.interdiction ?? data, aux: auxData, fallbackName: baseName(of: mpsFile))
    }

    static func assemble(mps: MPSData, aux: AuxData, fallbackName: String) -> BilevelModel {
        var model = BilevelModel(name: mps.name.isEmpty ? (aux.name ?? fallbackName) : mps.name)
        let followerColumns = Set(aux.followerColumns)
        let followerRows = Set(aux.followerRows)
        for (j, name) in mps.columns.enumerated() {
            let level: Level = followerColumns.contains(j) ? .follower : .leader
            model.addVariable(Variable(name: name, lower: mps.lower[j], upper: mps.upper[j],
                                       isInteger: mps.isInteger[j], level: level))
        }
        for (i, name) in mps.rows.enumerated() {
            let level: Level = followerRows.contains(i) ? .follower : .leader
            model.addConstraint(Constraint(name: name, terms: mps.terms[i], lower: mps.rowLower[i],
                                           upper: mps.rowUpper[i], level: level))
        }
        let leaderTerms = mps.objective.sorted { $0.key < $1.key }.map {
            LinearTerm(variable: $0.key, coefficient: $0.value)
        }
        model.leaderObjective = Objective(sense: mps.sense, terms: leaderTerms, constant: mps.objectiveConstant)
        model.followerObjective = Objective(sense: aux.sense,
                                            terms: zip(aux.followerColumns, aux.followerObjective).compactMap { j, c in
                                                c == 0 ? nil : LinearTerm(variable: j, coefficient: c)
                                            })
        return model
    }

    /// Finds the (MPS, AUX) pair for a path given by the user.
    static func locate(_ path: String) throws -> (mps: String, aux: String) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let fm = FileManager.default
        if url.pathExtension.lowercased() == "mps" {
            guard fm.fileExists(atPath: path) else { throw BilevelError.io(path: path, "no such file") }
            let base = url.deletingPathExtension()
            for ext in ["aux", "txt"] {
                let candidate = base.appendingPathExtension(ext).path
                if fm.fileExists(atPath: candidate) { return (path, candidate) }
            }
            let name = base.lastPathComponent
            throw BilevelError.io(path: path, "no AUX file beside it (looked for \(name).aux and \(name).txt)")
        }
        let text = try TextFile.read(path)
        if let named = AuxReader.mpsFileName(in: text) {
            let candidate = named.hasPrefix("/") ? named : directory.appendingPathComponent(named).path
            if fm.fileExists(atPath: candidate) { return (candidate, path) }
        }
        // Same base name: strip extensions one at a time (p0548.txt.1 → p0548.txt → p0548).
        var base = url
        while !base.pathExtension.isEmpty {
            base = base.deletingPathExtension()
            let candidate = base.appendingPathExtension("mps").path
            if fm.fileExists(atPath: candidate) { return (candidate, path) }
        }
        throw BilevelError.io(path: path, "cannot find the MPS file for this AUX file (no @MPS line naming an existing "
            + "file, no \(base.lastPathComponent).mps beside it)")
    }

    static func baseName(of path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}
