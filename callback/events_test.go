package callback_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
)

// TestCommandsAreDocumented: docs/protocol.md's table of the bodies
// callback decodes has a row for every command, and says how many there
// are, so a command added here cannot go missing from the protocol.
func TestCommandsAreDocumented(t *testing.T) {
	t.Parallel()
	md, err := os.ReadFile("../docs/protocol.md")
	require.NoError(t, err)
	doc := string(md)
	assert.Contains(t, doc, fmt.Sprintf("The %d bodies `callback` decodes", len(callback.Commands())))
	for _, cmd := range callback.Commands() {
		assert.True(t, strings.Contains(doc, "| `"+cmd+"` |"), "docs/protocol.md's callback table has no row for %s", cmd)
	}
}
