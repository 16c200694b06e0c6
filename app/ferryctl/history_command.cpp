// ferryctl history: what each apply changed, newest first (issue 15).
#include "cli.h"

#include "state/change_history.h"

#include <nlohmann/json.hpp>

namespace ferryctl {

namespace {

constexpr qint64 kMaxLimit = 1000000;

std::string s(const QString &text) { return text.toStdString(); }

// A stored definition as JSON (null when absent).
nlohmann::ordered_json definition(const QString &text)
{
    if (text.isEmpty())
        return nullptr;
    nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(text.toStdString(), nullptr, false);
    return parsed.is_discarded() ? nlohmann::ordered_json(s(text)) : parsed;
}

} // namespace

int runHistory(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the configuration changes apply made, newest first: time, who (user@host), action, kind/name."));
    parser.addPositionalArgument(QStringLiteral("OBJECT"),
                                 QStringLiteral("Only this object: KIND/NAME (e.g. models/events) or NAME."),
                                 QStringLiteral("[KIND/NAME | NAME]"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N changes, 1 to 1000000 (100)."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per line, with the definitions before and after."));
    parser.addOptions({limit, json});
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    ferry::ChangeHistory::Filter filter;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        context.err << "ferryctl history: expected at most one object, e.g. 'ferryctl history models/events'\n";
        return kBadInput;
    }
    if (!positional.isEmpty() && !context.parseObject(positional.first(), false, filter.kind, filter.name, exitCode))
        return exitCode;
    const std::optional<qint64> limitValue = context.integerOption(parser, limit, 1, kMaxLimit, exitCode);
    if (!limitValue)
        return exitCode;
    filter.limit = int(*limitValue);

    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());
    const auto changes = ferry::ChangeHistory((*state)->connection()).list(filter);
    if (!changes)
        return context.fail(changes.error());
    for (const ferry::ObjectChange &change : *changes) {
        const QString object = ferry::folderName(change.kind) + QLatin1Char('/') + change.name;
        if (parser.isSet(json)) {
            nlohmann::ordered_json line = {
                {"id", change.id},
                {"at", s(change.at.toUTC().toString(Qt::ISODateWithMs))},
                {"user", s(change.author.user)},
                {"host", s(change.author.host)},
                {"action", s(change.action)},
                {"kind", s(ferry::kindName(change.kind))},
                {"object_id", s(change.objectId)},
                {"name", s(change.name)},
                {"previous_name", change.previousName.isEmpty() ? nlohmann::ordered_json(nullptr)
                                                                : nlohmann::ordered_json(s(change.previousName))},
                {"before", definition(change.before)},
                {"after", definition(change.after)},
            };
            context.out << QString::fromStdString(line.dump()) << "\n";
            continue;
        }
        context.out << change.at.toUTC().toString(Qt::ISODateWithMs) << ' ' << change.author.user << '@'
                    << change.author.host << ' ' << change.action.leftJustified(7) << ' ' << object;
        if (!change.previousName.isEmpty())
            context.out << " (was " << change.previousName << ')';
        context.out << "\n";
    }
    return kOk;
}

} // namespace ferryctl
