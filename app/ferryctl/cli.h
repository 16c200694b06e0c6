#pragma once

#include "config/object_kind.h"
#include "config/workspace.h"
#include "errors/result.h"
#include "state/state_database.h"
#include "validate/validation_report.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace ferryctl {

// SPEC section 6: 0 on success, 1 when the requested work failed, 2 on bad input.
enum ExitCode { kOk = 0, kFailed = 1, kBadInput = 2 };

// What every subcommand gets: its own arguments, the global options, and the output streams.
struct CommandContext
{
    QStringList arguments; // starting with the subcommand's name
    QString stateUrl;      // --state, empty when not given
    QTextStream &out;
    QTextStream &err;

    // Opens the state database named by --state / $FERRY_STATE / the default location.
    ferry::Result<std::shared_ptr<ferry::StateDatabase>> openState(ferry::StateDatabase::Migrate migrate) const;
    // The workspace the state database holds, for commands that need nothing else of it; nullopt after printing
    // why, with `exitCode` set.
    std::optional<ferry::Workspace> loadWorkspace(int &exitCode) const;
    // Parses this command's options; on a usage error prints it and returns false with `exitCode` set (2, or 0
    // after --help).
    bool parse(QCommandLineParser &parser, int &exitCode) const;
    // parse() for commands that take exactly one path; returns it, or an empty string with `exitCode` set.
    QString parseOnePath(QCommandLineParser &parser, const QString &example, int &exitCode) const;
    // parse() for commands that take exactly one transfer id.
    QString parseOneTransferId(QCommandLineParser &parser, int &exitCode) const;
    // Option values are parsed strictly (issue 13): a whole number from `min` to `max`, or an RFC 3339 time (as
    // canonical UTC text). Anything else prints one line naming the option and the value, sets `exitCode` to 2 and
    // returns nullopt.
    std::optional<qint64> integerOption(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 min,
                                        qint64 max, int &exitCode) const;
    std::optional<QByteArray> timeOption(const QCommandLineParser &parser, const QCommandLineOption &option,
                                         int &exitCode) const;
    // "models/events" (or "events" when `kindRequired` is false: any kind) -> kind and name. Anything else prints
    // one line naming the command, sets `exitCode` to 2 and returns false.
    bool parseObject(const QString &text, bool kindRequired, std::optional<ferry::ObjectKind> &kind, QString &name,
                     int &exitCode) const;
    // Prints an Error as "ferryctl: title: message (hint)" and returns `exitCode`.
    int fail(const ferry::Error &error, int exitCode = kFailed) const;
    // As fail(), for a state database that did not open: a malformed URL is bad input, the rest failed work.
    int failState(const ferry::Error &error) const;
    void printIssues(const ferry::ValidationReport &report, QTextStream &stream) const;
    // For commands with subcommands ("transfer create ..."): the same context, its arguments starting with
    // "transfer create" so parse() and messages name the whole command.
    CommandContext subcommand() const;

    // parse() for commands that take exactly one argument, named `what` in the usage error ("model name").
    QString parseOne(QCommandLineParser &parser, const char *what, const QString &example, int &exitCode) const;
};

int runApply(const CommandContext &context);
int runValidate(const CommandContext &context);
int runExport(const CommandContext &context);
int runDemo(const CommandContext &context);
int runTransfer(const CommandContext &context);
int runTransferWatch(const CommandContext &context); // "transfer watch ID", from runTransfer
int runRun(const CommandContext &context);
int runLogs(const CommandContext &context);
int runHistory(const CommandContext &context);
int runCheckpoint(const CommandContext &context);
int runSource(const CommandContext &context);
int runPassword(const CommandContext &context);
int runRename(const CommandContext &context);
int runDelete(const CommandContext &context);
int runPreview(const CommandContext &context);
int runTest(const CommandContext &context);

} // namespace ferryctl
