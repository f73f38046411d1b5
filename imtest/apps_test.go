package imtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
)

// TestUpgradeEditionRefusals: asking for the edition an app already has
// says there is nothing to upgrade; asking for a lower one (or the other
// trial) says to create a new app. Both are
// FailedOperation.DowngradeNotAllowed (docs/protocol.md).
func TestUpgradeEditionRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		have, want      apps.Edition
		message, advice string
	}{
		{apps.EditionTrial, apps.EditionTrial, "is already Trial: nothing to upgrade", ""},
		{apps.EditionPro, apps.EditionPro, "is already Pro: nothing to upgrade", ""},
		{apps.EditionFlagship, apps.EditionFlagship, "is already Flagship: nothing to upgrade", ""},
		{apps.EditionPro, apps.EditionTrial, "is Pro and upgrades are one-way", "create a new app"},
		{apps.EditionEnterprise, apps.EditionEnterprise, "is already Enterprise: nothing to upgrade", ""},
		{apps.EditionFlagship, apps.EditionPro, "is Flagship and upgrades are one-way", "create a new app"},
		{apps.EditionEnterprise, apps.EditionFlagship, "is Enterprise and upgrades are one-way (Trial or TRTCTrial → Pro → Flagship → Enterprise)", "create a new app"},
		{apps.EditionEnterprise, apps.EditionTrial, "is Enterprise and upgrades are one-way", "create a new app"},
		{apps.EditionTRTCTrial, apps.EditionTrial, "is TRTCTrial and upgrades are one-way", "create a new app"},
	} {
		t.Run(string(tc.have)+" to "+string(tc.want), func(t *testing.T) {
			t.Parallel()
			srv := imtest.NewServer(t)
			app, err := srv.SeedApp(imtest.AppSeed{Edition: tc.have})
			require.NoError(t, err)
			_, err = srv.Console().Apps.UpgradeEdition(t.Context(), app.SDKAppID, tc.want)
			ae := testkit.RequireCode(t, err, "FailedOperation.DowngradeNotAllowed")
			assert.Contains(t, ae.Message, tc.message)
			if tc.advice == "" {
				assert.NotContains(t, ae.Message, "create a new app", "nothing to create for the edition the app has")
			} else {
				assert.Contains(t, ae.Message, tc.advice)
			}
		})
	}
}
