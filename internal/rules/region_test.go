package rules

import "testing"

func TestRegionHosts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		r            Region
		host, backup string
	}{
		{China, "console.tim.qq.com", "adminapi.my-imcloud.com"},
		{Singapore, "adminapisgp.im.qcloud.com", "adminapisgp.my-imcloud.com"},
		{Jakarta, "adminapiidn.im.qcloud.com", "adminapiidn.my-imcloud.com"},
		{Seoul, "adminapikr.im.qcloud.com", "adminapikr.my-imcloud.com"},
		{Tokyo, "adminapijpn.im.qcloud.com", ""},
		{Frankfurt, "adminapiger.im.qcloud.com", "adminapiger.my-imcloud.com"},
		{SiliconValley, "adminapiusa.im.qcloud.com", "adminapiusa.my-imcloud.com"},
		{Mumbai, "adminapiind.im.qcloud.com", "adminapiind.my-imcloud.com"},
		{"moon-1", "", ""},
		{"", "", ""},
	} {
		if got := tc.r.Host(); got != tc.host {
			t.Errorf("%q.Host() = %q, want %q", tc.r, got, tc.host)
		}
		if got := tc.r.BackupHost(); got != tc.backup {
			t.Errorf("%q.BackupHost() = %q, want %q", tc.r, got, tc.backup)
		}
	}
	all := Regions()
	if len(all) != 8 || all[0] != China {
		t.Errorf("Regions() = %v, want the 8 data centers, China first", all)
	}
	for _, r := range all {
		if r.Host() == "" {
			t.Errorf("Regions() holds %q, which has no host", r)
		}
	}
}

// TestRegionList: every data center's region ID, China first, in
// Regions()'s order, joined by ", " (the list WithRegion's and
// apps.CreateRequest.Validate's refusals show).
func TestRegionList(t *testing.T) {
	t.Parallel()
	const want = "ap-guangzhou, ap-singapore, ap-jakarta, ap-seoul, ap-tokyo, eu-frankfurt, na-siliconvalley, ap-mumbai"
	if got := RegionList(); got != want {
		t.Errorf("RegionList() = %q, want %q", got, want)
	}
}
