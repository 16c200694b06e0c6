#pragma once

#include "config/workspace.h"
#include "validate/validation_report.h"

#include <QString>

namespace ferry {

// Turns workspace files (or the same JSON kept in the state database) into configuration objects, reporting
// malformed JSON, wrong types, missing and unknown keys. Semantic rules are WorkspaceValidator's job.
class WorkspaceReader
{
public:
    // Reads every `<kind>s/*.json` of a workspace folder. Reports a folder that is missing or holds no workspace.
    static Workspace readFolder(const QString &folder, ValidationReport &report);

    // Reads one file; its kind comes from its parent folder's name (models/ when it has none of the kinds').
    static Workspace readFile(const QString &filePath, ValidationReport &report);

    // Reads all `*.json` files of a folder as objects of one kind.
    static void readKindFolder(ObjectKind kind, const QString &folder, const QString &labelPrefix,
                               Workspace &into, ValidationReport &report);

    // Parses one object's JSON text. `label` names it in messages; `defaultName` is used when the text has no
    // name (model files take their file name). Returns false when the text is not usable.
    static bool readText(ObjectKind kind, const QByteArray &text, const QString &label, const QString &defaultName,
                         Workspace &into, ValidationReport &report);

    // Objects built in memory (an editor's, an API's) as their files would read them back: whatever a file of
    // them would fail to hold (a required key left empty, a value out of range) is reported as the reader reports
    // it for that file. What the state database stores must always read back.
    static void readBack(const Workspace &objects, ValidationReport &report);

    // "logs" for ".../models/logs.json".
    static QString nameFromFileName(const QString &fileName);
    // The file export writes an object to: "<name>.json", or, for a name no file can take as it is (over NAME_MAX's
    // 255 bytes, a leading '.' that would hide it from the reader), as much of the name as fits, then '~' and a
    // hash of the full name. Readers take each object's name from its content, so the file name is for people.
    static QString fileNameFor(const QString &name);
};

} // namespace ferry
