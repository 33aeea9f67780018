#include "matrixfiles.h"

#include "matrixeditor.h"
#include "matrixoperations.h"
#include "matrixtablemodel.h"

#include "core/io/filebytes.h"
#include "core/io/matrixjson.h"
#include "core/io/matrixsafetensors.h"
#include "core/io/npyfile.h"
#include "document/attentiondocument.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace attn::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MatrixFiles", text);
}

QString shownTensorName(const EditorTarget &target)
{
    return target.isEmbeddings() ? QStringLiteral("embeddings") : io::tensorName(target.kind(), target.head);
}

bool hasSuffix(const QString &path, const char *suffix)
{
    return path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive);
}

} // namespace

QString importMatrixFile(AttentionDocument *document, MatrixEditor *editor, const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    if (hasSuffix(path, ".npy")) {
        const Expected<Matrix> matrix = io::loadNpy(path);
        if (!matrix)
            return matrix.error();
        const MatrixTableModel *model = editor->model();
        const QString problem = io::checkMatrix(shownTensorName(editor->target()), *matrix, model->rowCount(),
                                                model->columnCount());
        if (!problem.isEmpty())
            return path + QLatin1String(": ") + problem;
        editor->model()->applyValues(*matrix, tr("Import %1 into %2").arg(name, targetTitle(editor->target())));
        return {};
    }
    Expected<io::MatrixSet> set = Error{};
    if (hasSuffix(path, ".safetensors"))
        set = io::loadMatricesSafetensors(path, document->config());
    else if (hasSuffix(path, ".json"))
        set = io::loadMatricesJson(path, document->config());
    else
        return tr("%1: unknown kind of matrix file; use .json, .safetensors or .npy").arg(path);
    if (!set)
        return set.error();
    ModelState next = document->state();
    next.weights = std::move(set->weights);
    next.embeddings = std::move(set->embeddings);
    document->applyState(next, tr("Import matrices from %1").arg(name));
    return {};
}

QString exportMatrixFile(const AttentionDocument &document, const MatrixEditor &editor, const QString &path)
{
    QByteArray bytes;
    if (hasSuffix(path, ".npy")) {
        bytes = io::writeNpy(editor.model()->values());
    } else {
        const io::MatrixSet set{document.weights(), document.state().embeddings};
        if (hasSuffix(path, ".safetensors"))
            bytes = io::writeMatricesSafetensors(set);
        else if (hasSuffix(path, ".json"))
            bytes = io::writeMatricesJson(set);
        else
            return tr("%1: unknown kind of matrix file; use .json, .safetensors or .npy").arg(path);
    }
    return io::writeFile(path, bytes);
}

} // namespace attn::ui
