package imtest

// An internal test: adminState.has is the contract with the REST API (v4)
// endpoint, which asks it whether a UserId may act as an app admin.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/admins"
)

func isAdmin(s *Server, sdkAppID uint64, userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.apps[sdkAppID].admins.has(userID)
}

func TestHasFollowsAddAndDelete(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	console := srv.Console()
	ctx := t.Context()
	app, err := srv.SeedApp(AppSeed{})
	require.NoError(t, err)
	id := app.SDKAppID

	assert.True(t, isAdmin(srv, id, admins.DefaultAdmin))
	assert.False(t, isAdmin(srv, id, "ops"))

	_, err = console.Admins.Add(ctx, id, "ops")
	require.NoError(t, err)
	assert.True(t, isAdmin(srv, id, "ops"))
	assert.False(t, isAdmin(srv, id, "OPS"), "case-sensitive")

	require.NoError(t, console.Admins.Delete(ctx, id, "ops"))
	assert.False(t, isAdmin(srv, id, "ops"), "a deleted admin is no admin at once")
	assert.True(t, isAdmin(srv, id, admins.DefaultAdmin))

	require.NoError(t, srv.SeedAdmins(id, "seeded"))
	assert.True(t, isAdmin(srv, id, "seeded"))
}

func TestSeedAdmins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		userIDs []string
		err     string // "" when it succeeds
	}{
		{"none", nil, ""},
		{"nine", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, ""},
		{"ten", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, "LimitExceeded.AdminCount"},
		{"the default admin", []string{admins.DefaultAdmin}, "ResourceInUse.Admin"},
		{"twice", []string{"a", "a"}, "ResourceInUse.Admin"},
		{"malformed", []string{"ok", strings.Repeat("x", 33)}, "not 1-32 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t)
			app, err := srv.SeedApp(AppSeed{})
			require.NoError(t, err)
			err = srv.SeedAdmins(app.SDKAppID, tt.userIDs...)
			list, lerr := srv.Console().Admins.List(t.Context(), app.SDKAppID)
			require.NoError(t, lerr)
			if tt.err == "" {
				require.NoError(t, err)
				assert.Len(t, list, 1+len(tt.userIDs))
				return
			}
			require.ErrorContains(t, err, tt.err)
			assert.Len(t, list, 1, "none added")
		})
	}

	srv := NewServer(t)
	assert.ErrorContains(t, srv.SeedAdmins(1499999999, "a"), "does not exist")
}
