#include "validate/workspace_validator.h"

#include "config/database_identity.h"
#include "config/name_rules.h"
#include "config/time_limits.h"
#include "validate/connection_validator.h"
#include "validate/did_you_mean.h"
#include "validate/model_validator.h"
#include "validate/workspace_reader.h"

#include <QHash>
#include <QSet>

namespace ferry {

namespace {

void checkOneOf(const std::optional<QString> &value, const QStringList &allowed, const QString &file, const char *key,
                ValidationReport &report)
{
    if (value && !allowed.contains(*value)) {
        report.error(file, QLatin1String(key),
                     QStringLiteral("%1 is not one of %2").arg(ValidationReport::quoted(*value), allowed.join(QStringLiteral(", "))) +
                         didYouMeanSuffix(*value, allowed));
    }
}

// Each name in `names` must be an object of `kind`; duplicates are pointless but harmless. Sets, not list scans:
// a product may list a thousand models, and editors re-validate while the user types.
void checkReferences(const QStringList &names, ObjectKind kind, const Workspace &workspace, const QString &file,
                     const char *key, ValidationReport &report)
{
    if (names.isEmpty())
        return;
    const QStringList existing = workspace.names(kind);
    const QSet<QString> known(existing.begin(), existing.end());
    QSet<QString> seen;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString path = QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(i);
        if (!known.contains(names[i])) {
            report.error(file, path,
                         QStringLiteral("no %1 is named \"%2\"").arg(kindName(kind), names[i]) +
                             didYouMeanSuffix(names[i], existing));
        } else if (seen.contains(names[i])) {
            report.warning(file, path, QStringLiteral("\"%1\" is listed twice").arg(names[i]));
        }
        seen.insert(names[i]);
    }
}

template <typename T>
QList<WorkspaceValidator::ObjectRef> refsOfList(const QList<T> &objects)
{
    QList<WorkspaceValidator::ObjectRef> refs;
    for (const T &object : objects)
        refs.append({object.id, object.name, object.file});
    return refs;
}

} // namespace

QList<WorkspaceValidator::ObjectRef> WorkspaceValidator::refsOf(const Workspace &workspace, ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Source:
        return refsOfList(workspace.sources);
    case ObjectKind::Model:
        return refsOfList(workspace.models);
    case ObjectKind::Product:
        return refsOfList(workspace.products);
    case ObjectKind::Recipient:
        return refsOfList(workspace.recipients);
    case ObjectKind::Destination:
        break;
    }
    return refsOfList(workspace.destinations);
}

ValidationReport WorkspaceValidator::validate(const Workspace &workspace, const ValidationContext &context)
{
    ValidationReport report;
    validate(workspace, context, report);
    return report;
}

void WorkspaceValidator::validate(const Workspace &workspace, const ValidationContext &context,
                                  ValidationReport &report)
{
    const qsizetype first = report.size();
    checkNamesAndIds(workspace, report);
    for (ObjectKind kind : kAllObjectKinds) {
        const qsizetype count = workspace.names(kind).size();
        for (qsizetype i = 0; i < count; ++i)
            validateObject(workspace, kind, i, context, report);
    }

    // Tie every new issue to the object its file defines, so editors can show them beside it.
    for (ObjectKind kind : kAllObjectKinds) {
        for (const ObjectRef &ref : refsOf(workspace, kind))
            report.attribute(first, kind, ref.name, ref.file);
    }
}

void WorkspaceValidator::validateObject(const Workspace &workspace, ObjectKind kind, qsizetype index,
                                        const ValidationContext &context, ValidationReport &report)
{
    switch (kind) {
    case ObjectKind::Source:
        return checkSource(workspace.sources[index], report);
    case ObjectKind::Model:
        return ModelValidator::validate(workspace.models[index], workspace, context, report);
    case ObjectKind::Product:
        return checkProduct(workspace.products[index], workspace, report);
    case ObjectKind::Recipient:
        return checkRecipient(workspace.recipients[index], workspace, context, report);
    case ObjectKind::Destination:
        return checkDestination(workspace.destinations[index], workspace, report);
    }
}

void WorkspaceValidator::checkNamesAndIds(const Workspace &workspace, ValidationReport &report)
{
    QHash<QString, ObjectRef> ids;
    for (ObjectKind kind : kAllObjectKinds) {
        QHash<QString, ObjectRef> names; // lower-cased: names become file names, which may ignore case
        for (const ObjectRef &ref : refsOf(workspace, kind)) {
            const auto sameName = names.constFind(ref.name.toLower());
            const auto sameId = ref.id.isEmpty() ? ids.cend() : ids.constFind(ref.id.toLower());
            checkNameAndId(kind, ref, sameName != names.cend() ? &*sameName : nullptr,
                           sameId != ids.cend() ? &*sameId : nullptr, report);
            if (sameName == names.cend())
                names.insert(ref.name.toLower(), ref);
            if (sameId == ids.cend() && NameRules::isValidUuid(ref.id))
                ids.insert(ref.id.toLower(), ref);
        }
    }
}

void WorkspaceValidator::checkNameAndId(ObjectKind kind, const ObjectRef &ref, const ObjectRef *sameName,
                                        const ObjectRef *sameId, ValidationReport &report)
{
    const char *nameKey = kind == ObjectKind::Model ? "model_name" : "name";
    if (kind != ObjectKind::Model) { // model names are identifiers, checked with the model
        if (const std::optional<QString> problem = NameRules::checkObjectName(ref.name))
            report.error(ref.file, QLatin1String(nameKey), *problem);
    }
    if (sameName) {
        report.error(ref.file, QLatin1String(nameKey),
                     QStringLiteral("\"%1\" is already the name of the %2 in %3; names must be unique, ignoring case")
                         .arg(ref.name, kindName(kind), sameName->file));
    }
    const QString fileName = ref.file.section(QLatin1Char('/'), -1);
    // A name export shortened is no mismatch: its file is the one export writes.
    const QString exportedAs = WorkspaceReader::fileNameFor(ref.name);
    if (!ref.name.isEmpty() && WorkspaceReader::nameFromFileName(fileName) != ref.name && fileName != exportedAs) {
        report.warning(ref.file, QLatin1String(nameKey),
                       QStringLiteral("the file is named \"%1\" but the %2 is \"%3\"; export writes it as \"%4\"")
                           .arg(fileName, kindName(kind), ref.name, exportedAs));
    }
    if (ref.id.isEmpty())
        return;
    if (!NameRules::isValidUuid(ref.id)) {
        report.error(ref.file, QStringLiteral("id"),
                     QStringLiteral("\"%1\" is not a UUID; leave \"id\" out and Ferry generates one").arg(ref.id));
    } else if (sameId) {
        report.error(ref.file, QStringLiteral("id"), QStringLiteral("\"%1\" is also the id of %2").arg(ref.id, sameId->file));
    }
}

void WorkspaceValidator::checkSource(const Source &source, ValidationReport &report)
{
    checkOneOf(source.vendor, Source::vendors(), source.file, "vendor", report);
    ConnectionValidator::validate(source.connection, source.vendor, QStringLiteral("source"), source.file, report);
    checkOneOf(source.tenancy, Source::tenancies(), source.file, "tenancy", report);
}

void WorkspaceValidator::checkProduct(const Product &product, const Workspace &workspace, ValidationReport &report)
{
    checkReferences(product.models, ObjectKind::Model, workspace, product.file, "models", report);
}

void WorkspaceValidator::checkRecipient(const Recipient &recipient, const Workspace &workspace,
                                        const ValidationContext &context, ValidationReport &report)
{
    // The tenant reaches every source query: PostgreSQL's parameters end at a NUL ("acme\0zzz" read acme's rows),
    // and no other control character belongs in an id either.
    if (const std::optional<QString> problem = NameRules::checkPrintable(recipient.idInProviderSystem))
        report.error(recipient.file, QStringLiteral("id_in_provider_system"), *problem);
    checkReferences(recipient.products, ObjectKind::Product, workspace, recipient.file, "products", report);
    if (!recipient.defaultFullRefreshMinStartTimeEpoch)
        return;
    // The override starts every backfill of this recipient's models, so it bounds their plans as their own start does.
    const QString key = QStringLiteral("default_full_refresh_min_start_time_epoch");
    const qint64 start = *recipient.defaultFullRefreshMinStartTimeEpoch;
    const QDateTime now = context.effectiveNow();
    if (const std::optional<QString> problem = TimeLimits::checkStartEpoch(start, now)) {
        report.error(recipient.file, key, *problem);
        return;
    }
    QStringList models;
    for (const Destination &destination : workspace.destinations) {
        if (destination.recipient != recipient.name)
            continue;
        for (const QString &name : workspace.modelNamesFor(destination)) {
            if (!models.contains(name))
                models << name;
        }
    }
    for (const QString &name : models) {
        const Model *model = workspace.model(name);
        if (!model || !model->maxTransferTimeWindowSeconds ||
            TimeLimits::checkWindowSeconds(*model->maxTransferTimeWindowSeconds)) // reported with the model
            continue;
        if (const std::optional<QString> tooMany =
                TimeLimits::checkBackfillWindows(start, *model->maxTransferTimeWindowSeconds, now, key))
            report.error(recipient.file, key, QStringLiteral("model \"%1\": %2").arg(name, *tooMany));
    }
}

void WorkspaceValidator::checkDestination(const Destination &destination, const Workspace &workspace,
                                          ValidationReport &report)
{
    const QString &file = destination.file;
    if (!destination.recipient.isEmpty() && !workspace.recipient(destination.recipient)) {
        report.error(file, QStringLiteral("recipient"),
                     QStringLiteral("no recipient is named \"%1\"").arg(destination.recipient) +
                         didYouMeanSuffix(destination.recipient, workspace.names(ObjectKind::Recipient)));
    }
    checkReferences(destination.products, ObjectKind::Product, workspace, file, "products", report);
    checkOneOf(destination.vendor, Destination::vendors(), file, "vendor", report);
    ConnectionValidator::validate(destination.connection, destination.vendor, QStringLiteral("destination"), file,
                                      report);

    if (destination.frequencyMinutes && !Destination::frequencies().contains(*destination.frequencyMinutes)) {
        report.error(file, QStringLiteral("frequency_minutes"),
                     QStringLiteral("%1 is not a schedule Ferry offers; use 15, 60, 360, 720 or 1440 (0 for the "
                                    "workspace default)")
                         .arg(*destination.frequencyMinutes));
    }
    if (destination.isDatabase()) {
        if (destination.format)
            report.error(file, QStringLiteral("format"), QStringLiteral("applies only to object_storage and sftp destinations"));
        if (destination.compression)
            report.error(file, QStringLiteral("compression"),
                         QStringLiteral("applies only to object_storage and sftp destinations"));
    }
    checkOneOf(destination.format, Destination::formats(), file, "format", report);
    checkOneOf(destination.compression, Destination::compressions(), file, "compression", report);

    // A destination that is a source: its rebuild would replace the tables the source reads.
    if (const Source *source = DatabaseIdentity::sourceAt(workspace, destination)) {
        const bool sqlite = destination.vendor == QLatin1String("sqlite");
        report.error(file, sqlite ? QStringLiteral("path") : QStringLiteral("database"),
                     QStringLiteral("is where source \"%1\" reads (%2): a transfer would overwrite its tables; write to "
                                    "another %3")
                         .arg(source->name, DatabaseIdentity::of(destination.vendor, destination.connection),
                              sqlite ? QStringLiteral("file") : QStringLiteral("database or schema")));
    }
}

} // namespace ferry
