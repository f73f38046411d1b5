package apps_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
)

// setup starts a reference server and returns it with its console's apps
// service.
func setup(t *testing.T) (*imtest.Server, *apps.Service) {
	t.Helper()
	srv := imtest.NewServer(t)
	return srv, srv.Console().Apps
}

// newApp creates a Trial app in China through the console, as an owner does.
func newApp(t *testing.T, svc *apps.Service, name string) *apps.App {
	t.Helper()
	app, err := svc.Create(t.Context(), &apps.CreateRequest{AppName: name, Region: apps.RegionChina})
	require.NoError(t, err)
	return app
}

// seedApp puts an app straight into the server's store, for the editions
// and histories an owner cannot create.
func seedApp(t *testing.T, srv *imtest.Server, seed imtest.AppSeed) *apps.App {
	t.Helper()
	app, err := srv.SeedApp(seed)
	require.NoError(t, err)
	return app
}

// assertStatus checks the status Get reports for app id.
func assertStatus(t *testing.T, svc *apps.Service, id uint64, want apps.Status, msgAndArgs ...any) {
	t.Helper()
	got, err := svc.Get(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, want, got.Status, msgAndArgs...)
}
