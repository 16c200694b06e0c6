#include "validate/model_validator.h"

#include "config/data_types.h"
#include "config/name_rules.h"
#include "config/time_limits.h"
#include "validate/did_you_mean.h"

#include <QHash>

namespace ferry {

namespace {

QString columnPath(qsizetype index, const char *key)
{
    return QStringLiteral("columns[%1].%2").arg(index).arg(QLatin1String(key));
}

// "public.events" -> "events": a column may clash with the table's own name, with or without its schema.
QString unqualifiedTable(const QString &table)
{
    return table.section(QLatin1Char('.'), -1);
}

void checkReserved(const QString &name, const QString &file, const QString &path, const ReservedNames &reserved,
                   ValidationReport &report)
{
    if (reserved.isReservedName(name)) {
        report.error(file, path, QStringLiteral("\"%1\" is a reserved column name").arg(name));
        return;
    }
    const QString prefix = reserved.reservedPrefixOf(name);
    if (!prefix.isEmpty())
        report.error(file, path, QStringLiteral("\"%1\" starts with the reserved prefix \"%2\"").arg(name, prefix));
}

void checkTableClash(const QString &name, const Model &model, const QString &path, ValidationReport &report)
{
    const bool clashesWithSource = name.compare(model.sourceTable, Qt::CaseInsensitive) == 0 ||
                                   name.compare(unqualifiedTable(model.sourceTable), Qt::CaseInsensitive) == 0;
    const bool clashesWithDestination = name.compare(model.name, Qt::CaseInsensitive) == 0;
    if (clashesWithSource || clashesWithDestination) {
        report.error(model.file, path,
                     QStringLiteral("\"%1\" is also the name of the %2 table; a column may not be named like its table")
                         .arg(name, clashesWithSource ? QStringLiteral("source") : QStringLiteral("destination")));
    }
}

} // namespace

void ModelValidator::validate(const Model &model, const Workspace &workspace, const ValidationContext &context,
                              ValidationReport &report)
{
    if (const std::optional<QString> problem = NameRules::checkIdentifier(model.name)) {
        report.error(model.file, QStringLiteral("model_name"), *problem);
    } else if (model.name.compare(QLatin1String("_transfer_status"), Qt::CaseInsensitive) == 0 ||
               model.name.startsWith(QLatin1String("_ferry"), Qt::CaseInsensitive)) {
        report.error(model.file, QStringLiteral("model_name"),
                     QStringLiteral("\"%1\" is a table name Ferry keeps for itself at destinations").arg(model.name));
    }
    if (model.writeMode && !Model::writeModes().contains(*model.writeMode)) {
        report.error(model.file, QStringLiteral("write_mode"),
                     QStringLiteral("%1 is not one of %2").arg(ValidationReport::quoted(*model.writeMode), Model::writeModes().join(QStringLiteral(", "))) +
                         didYouMeanSuffix(*model.writeMode, Model::writeModes()));
    }
    checkColumns(model, context, report);
    checkFlags(model, report);
    checkTimes(model, context, report);
    if (!context.sourcesUnknown)
        checkSource(model, workspace, report);
    checkTypeChanges(model, context, report);
}

void ModelValidator::checkColumns(const Model &model, const ValidationContext &context, ValidationReport &report)
{
    QHash<QString, qsizetype> destinationNames; // lower-cased name -> first column index
    for (qsizetype i = 0; i < model.columns.size(); ++i) {
        const Column &column = model.columns[i];
        const QString sourcePath = columnPath(i, "name_in_source");
        const QString destinationPath = columnPath(i, "name_in_destination");

        if (!column.nameInSource.isEmpty()) {
            if (const std::optional<QString> problem = NameRules::checkObjectName(column.nameInSource))
                report.error(model.file, sourcePath, *problem);
            checkTableClash(column.nameInSource, model, sourcePath, report);
        }
        if (!column.nameInDestination.isEmpty()) {
            if (const std::optional<QString> problem = NameRules::checkIdentifier(column.nameInDestination))
                report.error(model.file, destinationPath, *problem);
            checkReserved(column.nameInDestination, model.file, destinationPath, *context.reserved, report);
            checkTableClash(column.nameInDestination, model, destinationPath, report);

            const QString key = column.nameInDestination.toLower();
            if (destinationNames.contains(key)) {
                const qsizetype first = destinationNames.value(key);
                report.error(model.file, destinationPath,
                             QStringLiteral("\"%1\" repeats %2 (\"%3\"); destination column names must be unique, "
                                            "ignoring case")
                                 .arg(column.nameInDestination, columnPath(first, "name_in_destination"),
                                      model.columns[first].nameInDestination));
            } else {
                destinationNames.insert(key, i);
            }
        }
        if (!column.dataType.isEmpty() && !DataTypes::find(column.dataType)) {
            const QStringList accepted = DataTypes::acceptedNames();
            report.error(model.file, columnPath(i, "data_type"),
                         QStringLiteral("\"%1\" is not a data type Ferry knows; use one of %2")
                                 .arg(column.dataType, accepted.join(QStringLiteral(", "))) +
                             didYouMeanSuffix(column.dataType, accepted));
        }
    }
}

void ModelValidator::checkFlags(const Model &model, ValidationReport &report)
{
    struct Flag
    {
        const char *key;
        QString role;
        bool Column::*member;
    };
    const Flag flags[] = {{"is_primary_key", QStringLiteral("primary key"), &Column::isPrimaryKey},
                          {"is_last_modified", QStringLiteral("last-modified column"), &Column::isLastModified}};
    if (model.columns.isEmpty())
        return; // reported by the reader
    for (const Flag &flag : flags) {
        qsizetype first = -1;
        for (qsizetype i = 0; i < model.columns.size(); ++i) {
            if (!(model.columns[i].*flag.member))
                continue;
            const QString path = columnPath(i, flag.key);
            if (first >= 0) {
                report.error(model.file, path,
                             QStringLiteral("a second %1 (columns[%2] is one already); exactly one column must have "
                                            "%3")
                                 .arg(flag.role)
                                 .arg(first)
                                 .arg(QLatin1String(flag.key)));
                continue;
            }
            first = i;
            if (i >= kFlagColumnLimit) {
                report.error(model.file, path,
                             QStringLiteral("the %1 is column %2; it must be among the first %3 columns")
                                 .arg(flag.role)
                                 .arg(i + 1)
                                 .arg(kFlagColumnLimit));
            }
        }
        if (first < 0) {
            report.error(model.file, QStringLiteral("columns"),
                         QStringLiteral("no column has %1; exactly one must be the %2")
                             .arg(QLatin1String(flag.key), flag.role));
        }
    }
    for (qsizetype i = 0; i < model.columns.size(); ++i) {
        const Column &column = model.columns[i];
        const DataTypeInfo *type = DataTypes::find(column.dataType);
        if (column.isLastModified && type && type->type != LogicalType::Timestamp) {
            report.error(model.file, columnPath(i, "data_type"),
                         QStringLiteral("the last-modified column must be a timestamp, not \"%1\"").arg(column.dataType));
        }
    }
}

// Issue 13: out of these ranges a plan looped forever, ran out of memory, or read from "0000-00-00T-1:-1:-1".
void ModelValidator::checkTimes(const Model &model, const ValidationContext &context, ValidationReport &report)
{
    const QString windowKey = QStringLiteral("max_transfer_time_window_seconds");
    const QString startKey = QStringLiteral("min_start_time_epoch");
    const QDateTime now = context.effectiveNow();
    bool startInRange = true;
    if (model.minStartTimeEpoch) {
        if (const std::optional<QString> problem = TimeLimits::checkStartEpoch(*model.minStartTimeEpoch, now)) {
            report.error(model.file, startKey, *problem);
            startInRange = false;
        }
    }
    if (!model.maxTransferTimeWindowSeconds)
        return; // one window, whatever the range
    const qint64 window = *model.maxTransferTimeWindowSeconds;
    if (const std::optional<QString> problem = TimeLimits::checkWindowSeconds(window)) {
        report.error(model.file, windowKey, *problem);
        return;
    }
    if (!startInRange)
        return;
    const std::optional<QString> tooMany =
        TimeLimits::checkBackfillWindows(model.minStartTimeEpoch.value_or(0), window, now, startKey);
    if (tooMany)
        report.error(model.file, windowKey, *tooMany);
}

void ModelValidator::checkSource(const Model &model, const Workspace &workspace, ValidationReport &report)
{
    const Source *byName = nullptr;
    const Source *byId = nullptr;
    if (model.sourceName) {
        byName = workspace.source(*model.sourceName);
        if (!byName) {
            report.error(model.file, QStringLiteral("source_name"),
                         QStringLiteral("no source is named \"%1\"").arg(*model.sourceName) +
                             didYouMeanSuffix(*model.sourceName, workspace.names(ObjectKind::Source)));
        }
    }
    if (model.sourceId) {
        byId = workspace.sourceById(*model.sourceId);
        if (!byId)
            report.error(model.file, QStringLiteral("source_id"), QStringLiteral("no source has id \"%1\"").arg(*model.sourceId));
    }
    if (byName && byId && byName != byId) {
        report.error(model.file, QStringLiteral("source_id"),
                     QStringLiteral("\"%1\" is the id of source \"%2\", but source_name says \"%3\"")
                         .arg(*model.sourceId, byId->name, byName->name));
    }
    if (!model.sourceName && !model.sourceId) {
        if (workspace.sources.isEmpty()) {
            report.error(model.file, QStringLiteral("source_name"),
                         QStringLiteral("the workspace has no source for this model to read from"));
        } else if (workspace.sources.size() > 1) {
            report.error(model.file, QStringLiteral("source_name"),
                         QStringLiteral("is required when the workspace has several sources (%1)")
                             .arg(workspace.names(ObjectKind::Source).join(QStringLiteral(", "))));
        }
    }

    const Source *source = workspace.sourceOf(model);
    const bool multiTenant = !source || !source->isSchemaTenanted();
    if (!model.organizationColumn) {
        if (source && multiTenant) {
            report.error(model.file, QStringLiteral("organization_column"),
                         QStringLiteral("is required: source \"%1\" keeps every tenant in the same tables")
                             .arg(source->name));
        }
        return;
    }
    if (source && !multiTenant) {
        report.warning(model.file, QStringLiteral("organization_column"),
                       QStringLiteral("is ignored: source \"%1\" is schema_tenanted").arg(source->name));
    }
    if (const std::optional<QString> problem = NameRules::checkObjectName(*model.organizationColumn))
        report.error(model.file, QStringLiteral("organization_column"), *problem);
    if (const Column *column = model.columnBySourceName(*model.organizationColumn)) {
        const DataTypeInfo *type = DataTypes::find(column->dataType);
        if (type && type->type != LogicalType::String) {
            report.error(model.file, QStringLiteral("organization_column"),
                         QStringLiteral("\"%1\" must be a string column, but the model types it \"%2\"")
                             .arg(*model.organizationColumn, column->dataType));
        }
    }
}

void ModelValidator::checkTypeChanges(const Model &model, const ValidationContext &context, ValidationReport &report)
{
    if (!context.applied || !context.transferredModels.contains(model.name))
        return;
    const Model *before = context.applied->model(model.name);
    if (!before)
        return;
    for (qsizetype i = 0; i < model.columns.size(); ++i) {
        const Column &column = model.columns[i];
        for (const Column &old : before->columns) {
            if (old.nameInDestination.compare(column.nameInDestination, Qt::CaseInsensitive) != 0)
                continue;
            if (DataTypes::canonicalName(old.dataType) == DataTypes::canonicalName(column.dataType))
                break;
            const QString change = QStringLiteral("changed from \"%1\" to \"%2\" after the model was transferred")
                                       .arg(old.dataType, column.dataType);
            if (context.allowTypeChanges) {
                report.warning(model.file, columnPath(i, "data_type"),
                               change + QStringLiteral("; every destination of this model gets a full refresh that "
                                                       "drops and recreates its table"));
            } else {
                report.error(model.file, columnPath(i, "data_type"),
                             change + QStringLiteral("; only adding or removing columns is safe. To accept it, apply "
                                                     "with --allow-type-change: every destination of this model then "
                                                     "gets a full refresh that drops and recreates its table"));
            }
            break;
        }
    }
}

} // namespace ferry
