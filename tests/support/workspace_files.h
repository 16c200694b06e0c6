#pragma once

#include <nlohmann/json.hpp>

#include <QString>
#include <QStringList>

namespace ferry::test {

using Json = nlohmann::ordered_json;

// Builds small, valid workspace objects for tests to break one rule at a time.
struct WorkspaceFiles
{
    static Json source(const QString &name = QStringLiteral("main"));
    static Json model(const QString &name = QStringLiteral("events"));
    static Json product(const QString &name, const QStringList &models);
    static Json recipient(const QString &name, const QString &tenant, const QStringList &products = {});
    static Json destination(const QString &name, const QString &recipient);

    // Writes `json` to `folder/relativePath` (creating folders).
    static void write(const QString &folder, const QString &relativePath, const Json &json);
    static void writeText(const QString &folder, const QString &relativePath, const QByteArray &text);
    // A complete valid workspace: source "main", models events and users, product "core", recipients acme and
    // globex, destinations "acme db" and "globex db" (sqlite files under `folder`).
    static void writeValidWorkspace(const QString &folder);
};

} // namespace ferry::test
