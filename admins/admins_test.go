package admins_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/internal/testkit"
)

// setup returns a server, its console and a fresh app.
func setup(t *testing.T, opts ...imtest.Option) (*imtest.Server, *imconsole.Console, uint64) {
	t.Helper()
	srv := imtest.NewServer(t, opts...)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	return srv, srv.Console(), app.SDKAppID
}

func userIDs(list []admins.Admin) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.UserID)
	}
	return out
}

func TestNewAppHasOnlyTheDefaultAdmin(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return created }))
	console := srv.Console()
	app, err := console.Apps.Create(t.Context(), &apps.CreateRequest{AppName: "a", Region: apps.RegionChina})
	require.NoError(t, err)

	list, err := console.Admins.List(t.Context(), app.SDKAppID)
	require.NoError(t, err)
	assert.Equal(t, []admins.Admin{{UserID: admins.DefaultAdmin, Default: true, CreatedAt: created}}, list)
}

func TestAddListsInOrderAdded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	srv, console, id := setup(t, imtest.WithClock(func() time.Time { return now }))
	ctx := t.Context()
	srv.Advance(time.Hour)

	a, err := console.Admins.Add(ctx, id, "ops")
	require.NoError(t, err)
	assert.Equal(t, &admins.Admin{UserID: "ops", CreatedAt: now.Add(time.Hour)}, a)
	_, err = console.Admins.Add(ctx, id, "backend")
	require.NoError(t, err)

	list, err := console.Admins.List(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{admins.DefaultAdmin, "ops", "backend"}, userIDs(list))
	assert.True(t, list[0].Default)
	assert.False(t, list[1].Default)
}

func TestUserIDRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		userID string
		ok     bool
	}{
		{"letters", "alice", true},
		{"32 bytes", strings.Repeat("x", 32), true},
		{"printable ASCII punctuation", "~!@#$%^&*()_+{}|:<>? ", true},
		{"inner and outer spaces", " a b ", true},
		{"empty", "", false},
		{"33 bytes", strings.Repeat("x", 33), false},
		{"control character", "a\x1fb", false},
		{"DEL", "a\x7f", false},
		{"tab", "a\tb", false},
		{"non-ASCII", "é", false},
		{"Chinese", "管理员", false},
	}
	_, console, id := setup(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			_, err := console.Admins.Add(ctx, id, tt.userID)
			if tt.ok {
				require.NoError(t, err)
				list, err := console.Admins.List(ctx, id)
				require.NoError(t, err)
				assert.Contains(t, userIDs(list), tt.userID)
				return
			}
			local := testkit.RequireCode(t, err, "InvalidParameterValue.UserId")
			assert.Empty(t, local.RequestID, "refused before sending")
			assert.Equal(t, admins.ActionAdd, local.Action)

			// The server refuses it too, with the same message.
			err = console.Client.Call(ctx, admins.ActionAdd, &consolewire.AddAdminRequest{SDKAppID: id, UserID: tt.userID}, nil)
			remote := testkit.RequireCode(t, err, "InvalidParameterValue.UserId")
			assert.NotEmpty(t, remote.RequestID)
			assert.Equal(t, local.Message, remote.Message)
			assert.ErrorIs(t, err, client.ErrInvalidParameter)

			err = console.Admins.Delete(ctx, id, tt.userID)
			testkit.RequireCode(t, err, "InvalidParameterValue.UserId")
			err = console.Client.Call(ctx, admins.ActionDelete, &consolewire.DeleteAdminRequest{SDKAppID: id, UserID: tt.userID}, nil)
			testkit.RequireCode(t, err, "InvalidParameterValue.UserId")
		})
	}
}

func TestInvalidUserIDIsNotSent(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	_, err := console.Admins.Add(t.Context(), id, strings.Repeat("x", 33))
	testkit.RequireCode(t, err, "InvalidParameterValue.UserId")
	err = console.Admins.Delete(t.Context(), id, "")
	testkit.RequireCode(t, err, "InvalidParameterValue.UserId")
	assert.Empty(t, srv.Requests())
}

func TestAddExistingIsInUse(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t)
	ctx := t.Context()
	_, err := console.Admins.Add(ctx, id, "ops")
	require.NoError(t, err)

	for _, userID := range []string{"ops", admins.DefaultAdmin} {
		_, err = console.Admins.Add(ctx, id, userID)
		testkit.RequireCode(t, err, "ResourceInUse.Admin")
		assert.ErrorIs(t, err, client.ErrInUse)
	}
	_, err = console.Admins.Add(ctx, id, "OPS") // UserIds are case-sensitive
	require.NoError(t, err)
}

func TestAtMostTenAdmins(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	require.NoError(t, srv.SeedAdmins(id, "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"))

	_, err := console.Admins.Add(ctx, id, "u9") // the 10th, administrator included
	require.NoError(t, err)
	_, err = console.Admins.Add(ctx, id, "u10")
	testkit.RequireCode(t, err, "LimitExceeded.AdminCount")
	assert.ErrorIs(t, err, client.ErrLimitExceeded)

	list, err := console.Admins.List(ctx, id)
	require.NoError(t, err)
	assert.Len(t, list, admins.MaxAdminsPerApp)

	require.NoError(t, console.Admins.Delete(ctx, id, "u3"))
	_, err = console.Admins.Add(ctx, id, "u10")
	require.NoError(t, err)
}

func TestDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		userID string
		code   string
		is     error
	}{
		{"an added admin", "ops", "", nil},
		{"the default admin", admins.DefaultAdmin, "FailedOperation.DefaultAdmin", client.ErrFailedOperation},
		{"not an admin", "nobody", "ResourceNotFound.Admin", client.ErrNotFound},
		{"case differs", "OPS", "ResourceNotFound.Admin", client.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			ctx := t.Context()
			require.NoError(t, srv.SeedAdmins(id, "ops"))

			err := console.Admins.Delete(ctx, id, tt.userID)
			list, lerr := console.Admins.List(ctx, id)
			require.NoError(t, lerr)
			if tt.code == "" {
				require.NoError(t, err)
				assert.Equal(t, []string{admins.DefaultAdmin}, userIDs(list))
				err = console.Admins.Delete(ctx, id, tt.userID)
				testkit.RequireCode(t, err, "ResourceNotFound.Admin") // deleted for good
				return
			}
			testkit.RequireCode(t, err, tt.code)
			assert.ErrorIs(t, err, tt.is)
			assert.Equal(t, []string{admins.DefaultAdmin, "ops"}, userIDs(list), "nothing changed")
		})
	}
}

func TestUnknownOrForeignApp(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	otherID, otherKey := srv.NewAccount()
	other := srv.Console(client.WithCredentials(otherID, otherKey))
	ctx := t.Context()

	for name, call := range map[string]func(uint64) error{
		"List":   func(app uint64) error { _, err := other.Admins.List(ctx, app); return err },
		"Add":    func(app uint64) error { _, err := other.Admins.Add(ctx, app, "x"); return err },
		"Delete": func(app uint64) error { return other.Admins.Delete(ctx, app, "x") },
	} {
		for _, app := range []uint64{id, 1499999999} {
			err := call(app)
			testkit.RequireCode(t, err, "ResourceNotFound.App")
			assert.ErrorIs(t, err, client.ErrNotFound, name)
		}
	}
	list, err := console.Admins.List(ctx, id)
	require.NoError(t, err)
	assert.Len(t, list, 1)
}

func TestDisabledAppRefusesWrites(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	require.NoError(t, srv.SeedAdmins(id, "ops"))
	require.NoError(t, console.Apps.Disable(ctx, id))

	_, err := console.Admins.Add(ctx, id, "new")
	testkit.RequireCode(t, err, "FailedOperation.AppDisabled")
	err = console.Admins.Delete(ctx, id, "ops")
	testkit.RequireCode(t, err, "FailedOperation.AppDisabled")

	list, err := console.Admins.List(ctx, id) // reading still works
	require.NoError(t, err)
	assert.Equal(t, []string{admins.DefaultAdmin, "ops"}, userIDs(list))
}

func TestRetriedAddIsAnsweredWithTheFirstResponse(t *testing.T) {
	t.Parallel()
	srv, console, id := setup(t)
	ctx := t.Context()
	srv.Inject(imtest.Fault{Action: admins.ActionAdd, LoseResponse: true})

	a, err := console.Admins.Add(ctx, id, "ops")
	require.NoError(t, err, "the retry must get the first response, not ResourceInUse.Admin")
	assert.Equal(t, "ops", a.UserID)

	reqs := srv.RequestsFor(admins.ActionAdd)
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].ClientToken, reqs[1].ClientToken)
	assert.NotEmpty(t, reqs[0].ClientToken)
	assert.True(t, reqs[1].Replayed)

	list, err := console.Admins.List(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{admins.DefaultAdmin, "ops"}, userIDs(list), "added once")
}

func TestConcurrentAddsStopAtTheLimit(t *testing.T) {
	t.Parallel()
	_, console, id := setup(t)
	ctx := t.Context()
	errs := testkit.Concurrently(64, func(i int) error {
		_, err := console.Admins.Add(ctx, id, fmt.Sprintf("user%02d", i))
		return err
	})
	assert.Equal(t, admins.MaxAdminsPerApp-1, testkit.CountOK(t, errs, "LimitExceeded.AdminCount"), "the rest are refused with LimitExceeded.AdminCount")
	list, err := console.Admins.List(ctx, id)
	require.NoError(t, err)
	assert.Len(t, list, admins.MaxAdminsPerApp)
}

func TestSecretsStayOutOfLogsAndErrors(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	_, secretKey := srv.Credentials()
	var logs bytes.Buffer
	console := srv.Console(client.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	ctx := t.Context()

	var errs []error
	_, err = console.Admins.Add(ctx, app.SDKAppID, "ops")
	require.NoError(t, err)
	_, err = console.Admins.Add(ctx, app.SDKAppID, "ops")
	errs = append(errs, err)
	errs = append(errs, console.Admins.Delete(ctx, app.SDKAppID, admins.DefaultAdmin))
	_, err = console.Admins.List(ctx, 1499999999)
	errs = append(errs, err)
	require.NotEmpty(t, logs.String())
	assert.NotContains(t, logs.String(), secretKey)
	for _, err := range errs {
		require.Error(t, err)
		assert.NotContains(t, err.Error(), secretKey)
	}
	assert.NotContains(t, console.Client.String(), secretKey)
}

// An answer without what the caller asked for (the added Admin, the list
// of Admins, which always holds administrator) is an error, never (nil,
// nil), as in apps: a backend that answers the console protocol wrongly
// must not hand the caller a nil *Admin to dereference.
func TestAnswersWithoutTheResultAreErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body string }{
		{"RequestId only", `{"Response":{"RequestId":"r"}}`},
		{"null result", `{"Response":{"Admin":null,"Admins":null,"RequestId":"r"}}`},
		{"empty list", `{"Response":{"Admins":[],"RequestId":"r"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := testkit.Answering(t, tc.body)
			svc := admins.New(c)
			admin, addErr := svc.Add(t.Context(), 1400000001, "ops")
			assert.Nil(t, admin)
			list, listErr := svc.List(t.Context(), 1400000001)
			assert.Nil(t, list)
			for _, err := range []error{addErr, listErr} {
				assert.ErrorContains(t, err, "the answer has no")
				assert.ErrorContains(t, err, "docs/protocol.md", "says what to check")
			}
		})
	}
}
