#pragma once

#include "support/qt_printers.h"
#include "support/workspace_files.h"

#include "config/workspace.h"
#include "validate/validation_report.h"

#include <gtest/gtest.h>

#include <QList>

namespace ferry::test {

// Reads JSON objects the way files are read, validates them together, and finds issues by path and text.
class ValidationFixture : public ::testing::Test
{
protected:
    void addSource(const Json &json) { add(ObjectKind::Source, json); }
    void addModel(const Json &json) { add(ObjectKind::Model, json); }
    void add(ObjectKind kind, const Json &json, const QString &fileName = {});
    void addText(ObjectKind kind, const QString &fileName, const QByteArray &text);

    // Validates everything added so far (ids assigned as apply would).
    const ValidationReport &validate();

    // True when some error (or warning) sits at exactly `path` and its message contains `text`.
    bool hasError(const QString &path, const QString &text) const { return has(true, path, text); }
    bool hasWarning(const QString &path, const QString &text) const { return has(false, path, text); }
    QString describe() const; // every issue, one per line, for failure messages

    Workspace m_workspace;
    ValidationReport m_report;

private:
    bool has(bool error, const QString &path, const QString &text) const;
};

#define EXPECT_ISSUE(path, text) EXPECT_TRUE(hasError(QStringLiteral(path), QStringLiteral(text))) << describe().toStdString()
#define EXPECT_NO_ERRORS() EXPECT_EQ(m_report.errorCount(), 0) << describe().toStdString()

} // namespace ferry::test
