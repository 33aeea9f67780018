// libFuzzer harness: session files (*.attn.json, io::readSession), which also runs the exact JSON
// reader and the matrix members reader.
// Properties: a refusal names the input; an accepted session is computable (its configuration
// passes validateConfig, its sentence is inside the limits, its matrices fit the configuration)
// and writing it and reading it back gives the same session.
#include "fuzzcheck.h"

#include "core/engine/attentionconfig.h"
#include "core/io/sessionfile.h"
#include "core/tokenizers/wordtokenizer.h"

#include <cstdint>

using namespace attn;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString name = QStringLiteral("fuzz.attn.json");
    const Expected<io::Session> session = io::readSession(fuzz::bytesOf(data, size), name);
    if (!session) {
        AE_FUZZ_CHECK(fuzz::namesInput(session.error(), name), session.error());
        return 0;
    }
    AE_FUZZ_CHECK(validateConfig(session->config).isEmpty(), validateConfig(session->config));
    AE_FUZZ_CHECK(session->sentence.size() <= Limits::maxTextLength, QString());
    AE_FUZZ_CHECK(qsizetype(tokenizeWords(session->sentence).size()) <= Limits::maxTokens, QString());
    AE_FUZZ_CHECK(io::checkMatrixSet(session->matrices, session->config).isEmpty(),
                  io::checkMatrixSet(session->matrices, session->config));

    const Expected<io::Session> again = io::readSession(io::writeSession(*session), name);
    AE_FUZZ_CHECK(again.ok(), again.ok() ? QString() : again.error());
    AE_FUZZ_CHECK(*again == *session, QStringLiteral("a written session reads back differently"));
    return 0;
}
