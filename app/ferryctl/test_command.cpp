// ferryctl test sources/NAME | destinations/NAME: a connection test, step by step (issue 15).
#include "cli.h"

#include "connectors/connection_tester.h"

#include <nlohmann/json.hpp>

namespace ferryctl {

namespace {

std::string s(const QString &text) { return text.toStdString(); }

nlohmann::ordered_json toJson(const ferry::ConnectionTestResult &result, const QString &object)
{
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const ferry::ConnectionCheck &check : result.checks) {
        checks.push_back({{"step", s(check.step)}, {"ok", check.ok}, {"message", s(check.message)},
                          {"hint", check.hint.isEmpty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s(check.hint))}});
    }
    return {{"object", s(object)},
            {"ok", result.ok()},
            {"server_version", result.serverVersion.isEmpty() ? nlohmann::ordered_json(nullptr)
                                                              : nlohmann::ordered_json(s(result.serverVersion))},
            {"checks", checks}};
}

} // namespace

int runTest(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Test a source or destination's connection step by step, with its own credentials. A source: connect "
        "read-only, server version, the tables (or tenant schemas) visible. A database destination: connect, create "
        "the schema when missing, create, write, read and drop a scratch table. Object storage: create the folder, "
        "write, read and remove a scratch file. Exit 1 when a step fails."));
    parser.addPositionalArgument(QStringLiteral("OBJECT"), QStringLiteral("sources/NAME or destinations/NAME."));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds to wait for the server, 1 to 3600 (10)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("10"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON: ok, server_version, checks."));
    parser.addOptions({timeout, json});
    int exitCode = kOk;
    const QString object = context.parseOne(parser, "object", QStringLiteral("destinations/\"acme warehouse\""), exitCode);
    if (object.isEmpty())
        return exitCode;
    const std::optional<qint64> timeoutValue = context.integerOption(parser, timeout, 1, 3600, exitCode);
    if (!timeoutValue)
        return exitCode;
    const qsizetype slash = object.indexOf(QLatin1Char('/'));
    const std::optional<ferry::ObjectKind> kind = slash < 0 ? std::nullopt : ferry::kindFromFolderName(object.left(slash));
    const QString name = object.mid(slash + 1);
    if (!kind || (*kind != ferry::ObjectKind::Source && *kind != ferry::ObjectKind::Destination) || name.isEmpty()) {
        context.err << "ferryctl test: expected sources/NAME or destinations/NAME, e.g. 'ferryctl test sources/main'\n";
        return kBadInput;
    }

    const std::optional<ferry::Workspace> workspace = context.loadWorkspace(exitCode);
    if (!workspace)
        return exitCode;
    ferry::ConnectionTestResult result;
    if (*kind == ferry::ObjectKind::Source) {
        const ferry::Source *source = workspace->source(name);
        if (!source) {
            context.err << "ferryctl test: no source is named \"" << name << "\"\n";
            return kBadInput;
        }
        result = ferry::ConnectionTester::testSource(*source, int(*timeoutValue));
    } else {
        const ferry::Destination *destination = workspace->destination(name);
        if (!destination) {
            context.err << "ferryctl test: no destination is named \"" << name << "\"\n";
            return kBadInput;
        }
        result = ferry::ConnectionTester::testDestination(*destination, int(*timeoutValue));
    }
    if (parser.isSet(json)) {
        context.out << QString::fromStdString(toJson(result, object).dump(2)) << "\n";
    } else {
        for (const ferry::ConnectionCheck &check : std::as_const(result.checks)) {
            context.out << (check.ok ? QStringLiteral("\u2713 ") : QStringLiteral("\u2717 ")) << check.step << ": "
                        << check.message << (check.hint.isEmpty() ? QString() : QStringLiteral(" (") + check.hint + u')')
                        << "\n";
        }
        if (!result.serverVersion.isEmpty())
            context.out << "server: " << result.serverVersion << "\n";
        context.out << object << (result.ok() ? ": ok" : ": FAILED") << "\n";
    }
    return result.ok() ? kOk : kFailed;
}

} // namespace ferryctl
