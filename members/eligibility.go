package members

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
)

// BusinessFishProcessing is the business type of the Mekarmukti pilot's
// borrowers: processed fish (olahan ikan, pindang). Business types are the
// koperasi's own codes; this one is used by the Mekarmukti preset.
const BusinessFishProcessing = "fish-processing"

// Violation codes. They are stable: software may branch on them and store
// them; the messages may be reworded.
const (
	CodeStatusNotActive     = "status.not_active"        // prospective (when not allowed) or resigned
	CodeDocumentsKTP        = "documents.ktp"            // no copy of the KTP on file
	CodeDocumentsKK         = "documents.kk"             // no copy of the KK on file
	CodeDocumentsSpouse     = "documents.spouse_consent" // no spouse consent on file
	CodeMembershipTooShort  = "membership.too_short"     // joined less than the minimum months ago
	CodeSavingsPokokUnpaid  = "savings.pokok_unpaid"     // simpanan pokok not paid
	CodeSavingsWajibArrears = "savings.wajib_arrears"    // simpanan wajib behind by more than allowed
	CodeBusinessNotAllowed  = "business.not_allowed"     // no business, or a type the policy does not allow
	CodeAgeUnknown          = "age.unknown"              // a minimum age is set but no birth date is recorded
	CodeAgeTooYoung         = "age.too_young"            // younger than the minimum age
	CodeLoansTooMany        = "loans.too_many"           // already has the maximum number of active loans
)

// Violation is one eligibility rule a member fails.
type Violation struct {
	Code    string `json:"code"`    // stable code, e.g. "membership.too_short"
	Saw     string `json:"saw"`     // the data the check saw, e.g. "joined 2023-12-28, 2 months on 2024-03-27"
	Want    string `json:"want"`    // what the rule asks for, e.g. "3 months of membership: from 2024-03-28"
	Message string `json:"message"` // for the koperasi officer, in English
	Pesan   string `json:"pesan"`   // the same message in Indonesian
}

// Rules are the eligibility rules shared by BorrowerPolicy and LenderPolicy.
// Every rule is a parameter, and the zero value of each field switches its
// rule off, so the zero Rules only ask for an active member. The presets
// (DefaultBorrowerPolicy, MekarmuktiBorrowerPolicy, ...) fill them in.
type Rules struct {
	// Documents lists the documents the koperasi must hold a copy of
	// (true = required).
	Documents Documents `json:"documents"`
	// MinMembershipMonths is how long a member must have been one, counted
	// to the day with calendar.Date.AddMonths from Member.Joined: with 3,
	// joined 2023-12-28 is eligible on 2024-03-28, joined 2023-11-30 on
	// 2024-02-29.
	MinMembershipMonths int `json:"min_membership_months"`
	// RequirePokok asks for simpanan pokok paid.
	RequirePokok bool `json:"require_pokok"`
	// RequireWajib asks for simpanan wajib paid up to the month of the
	// check, allowing MaxWajibArrearsMonths unpaid months.
	RequireWajib          bool `json:"require_wajib"`
	MaxWajibArrearsMonths int  `json:"max_wajib_arrears_months"`
	// RequireBusiness asks for a business (Member.Business.Type not empty).
	// BusinessTypes, when not empty, also restricts it to these types.
	RequireBusiness bool     `json:"require_business"`
	BusinessTypes   []string `json:"business_types,omitempty"`
	// MinAge in whole years on the date of the check; it needs
	// Member.BirthDate. Someone born on 29 February reaches an age on 28
	// February in common years (the AddYears rule). 0 = not checked.
	MinAge int `json:"min_age"`
	// MaxActiveLoans: a member who already has this many active loans may
	// not take (or, for a lender, back) another. 0 = no limit.
	MaxActiveLoans int `json:"max_active_loans"`
	// AllowProspective lets prospective members (calon anggota) pass the
	// status rule; resigned members never pass it.
	AllowProspective bool `json:"allow_prospective"`
}

// Validate reports rules that cannot be meant: negative months, ages or
// counts, and empty business types.
func (r Rules) Validate() error {
	bad := func(field, reason string) error {
		return fmt.Errorf("%w: eligibility rule %s: %s", ErrInvalidConfig, field, reason)
	}
	switch {
	case r.MinMembershipMonths < 0:
		return bad("min_membership_months", "cannot be negative")
	case r.MaxWajibArrearsMonths < 0:
		return bad("max_wajib_arrears_months", "cannot be negative")
	case r.MinAge < 0:
		return bad("min_age", "cannot be negative")
	case r.MaxActiveLoans < 0:
		return bad("max_active_loans", "cannot be negative (0 means no limit)")
	case slices.Contains(r.BusinessTypes, ""):
		return bad("business_types", "an allowed business type cannot be empty")
	}
	return nil
}

// BorrowerPolicy says who may borrow (be a peer borrower in a group).
type BorrowerPolicy struct {
	Rules
}

// LenderPolicy says who may lend (fund a group from simpanan sukarela).
type LenderPolicy struct {
	Rules
}

// DefaultBorrowerPolicy is common koperasi practice: KTP and KK on file, 3
// months of membership, simpanan pokok paid and wajib up to date, a
// productive business of any type, 17 years old (the age of a KTP), at most
// one active loan, no prospective members.
func DefaultBorrowerPolicy() BorrowerPolicy {
	return BorrowerPolicy{Rules{
		Documents:           Documents{KTP: true, KK: true},
		MinMembershipMonths: 3,
		RequirePokok:        true,
		RequireWajib:        true,
		RequireBusiness:     true,
		MinAge:              17,
		MaxActiveLoans:      1,
	}}
}

// MekarmuktiBorrowerPolicy is the pilot's rule for peer borrowers: KTP and
// KK, at least 3 months of membership, simpanan pokok paid and wajib up to
// date, an existing fish-processing business, one active loan (one business
// package per cycle). The paper sets no age, so none is checked (a KTP is
// issued from 17 anyway).
func MekarmuktiBorrowerPolicy() BorrowerPolicy {
	p := DefaultBorrowerPolicy()
	p.BusinessTypes = []string{BusinessFishProcessing}
	p.MinAge = 0
	return p
}

// DefaultLenderPolicy is common practice for lenders: KTP and KK on file, a
// member with simpanan pokok paid and wajib up to date, 17 years old.
func DefaultLenderPolicy() LenderPolicy {
	return LenderPolicy{Rules{
		Documents:    Documents{KTP: true, KK: true},
		RequirePokok: true,
		RequireWajib: true,
		MinAge:       17,
	}}
}

// MekarmuktiLenderPolicy is the pilot's rule for lenders: KTP and KK, a
// registered member with simpanan pokok and wajib paid. There is no minimum
// membership: stakeholders joined when they were recruited as lenders.
func MekarmuktiLenderPolicy() LenderPolicy {
	p := DefaultLenderPolicy()
	p.MinAge = 0
	return p
}

// Check returns every rule of the policy that m fails on the date, in a
// fixed order (status, documents, membership, savings, business, age,
// loans); none means eligible. pos is m's savings position as of on (from
// Savings.Position, or built by a host from its own records); activeLoans is
// the number of m's loans not yet repaid.
func (p BorrowerPolicy) Check(m Member, pos Position, activeLoans int, on calendar.Date) []Violation {
	return p.Rules.check(borrower, m, pos, activeLoans, on)
}

// Eligible is Check as an error: nil, a *EligibilityError wrapping
// ErrNotEligible with every violation, or an ErrInvalidConfig error for a
// policy that fails Validate.
func (p BorrowerPolicy) Eligible(m Member, pos Position, activeLoans int, on calendar.Date) error {
	return p.Rules.eligible(borrower, m, pos, activeLoans, on)
}

// Check returns every rule of the policy that m fails on the date; see
// BorrowerPolicy.Check.
func (p LenderPolicy) Check(m Member, pos Position, activeLoans int, on calendar.Date) []Violation {
	return p.Rules.check(lender, m, pos, activeLoans, on)
}

// Eligible is Check as an error; see BorrowerPolicy.Eligible.
func (p LenderPolicy) Eligible(m Member, pos Position, activeLoans int, on calendar.Date) error {
	return p.Rules.eligible(lender, m, pos, activeLoans, on)
}

type role struct {
	name, verb, kata string // "borrower", "borrow", "meminjam"
}

var (
	borrower = role{"borrower", "borrow", "meminjam"}
	lender   = role{"lender", "lend", "memberi pinjaman"}
)

func (r Rules) eligible(ro role, m Member, pos Position, activeLoans int, on calendar.Date) error {
	if err := r.Validate(); err != nil {
		return err
	}
	v := r.check(ro, m, pos, activeLoans, on)
	if len(v) == 0 {
		return nil
	}
	return &EligibilityError{Member: m.ID, Role: ro.name, On: on, Violations: v}
}

func (r Rules) check(ro role, m Member, pos Position, activeLoans int, on calendar.Date) []Violation {
	var out []Violation
	add := func(code, saw, want, msg, pesan string) {
		out = append(out, Violation{Code: code, Saw: saw, Want: want, Message: msg, Pesan: pesan})
	}
	who := func() string { return "Member " + string(m.ID) } // only built for a violation

	// Status.
	switch {
	case m.Status == Active:
	case m.Status == Prospective && r.AllowProspective:
	case m.Status == Prospective:
		add(CodeStatusNotActive, "prospective", "active",
			who()+" is still a prospective member; only active members may "+ro.verb+".",
			"Anggota "+string(m.ID)+" masih calon anggota; hanya anggota aktif yang boleh "+ro.kata+".")
	default:
		add(CodeStatusNotActive, m.Status.String()+" on "+m.Left.String(), "active",
			who()+" resigned on "+m.Left.String()+" and may not "+ro.verb+".",
			"Anggota "+string(m.ID)+" sudah keluar pada "+m.Left.String()+" dan tidak boleh "+ro.kata+".")
	}

	// Documents.
	doc := func(required, held bool, code, en, id string) {
		if required && !held {
			add(code, "no "+en+" copy on file", en+" copy on file",
				"No copy of the "+en+" is on file; ask the member for one.",
				"Fotokopi "+id+" belum ada di berkas; mintakan kepada anggota.")
		}
	}
	doc(r.Documents.KTP, m.Documents.KTP, CodeDocumentsKTP, "KTP (identity card)", "KTP")
	doc(r.Documents.KK, m.Documents.KK, CodeDocumentsKK, "KK (family card)", "KK")
	doc(r.Documents.SpouseConsent, m.Documents.SpouseConsent, CodeDocumentsSpouse, "spouse's consent", "surat persetujuan suami/istri")

	// Membership, to the day.
	if n := r.MinMembershipMonths; n > 0 {
		from := m.Joined.AddMonths(n)
		if m.Joined.IsZero() || from.IsZero() || on.Before(from) {
			months := monthsBetween(m.Joined, on)
			add(CodeMembershipTooShort,
				fmt.Sprintf("joined %s, %d full months on %s", m.Joined, months, on),
				fmt.Sprintf("%d months of membership: from %s", n, from),
				fmt.Sprintf("%s joined on %s, %d full months ago; a %s needs %d months of membership, reached on %s.", who(), m.Joined, months, ro.name, n, from),
				fmt.Sprintf("Anggota %s bergabung pada %s (%d bulan penuh); syarat untuk %s adalah keanggotaan minimal %d bulan, terpenuhi pada %s.", m.ID, m.Joined, months, ro.kata, n, from))
		}
	}

	// Savings.
	if r.RequirePokok && !pos.PokokPaid {
		add(CodeSavingsPokokUnpaid, "simpanan pokok not paid", "simpanan pokok paid",
			"Simpanan pokok (membership capital) is not paid yet.",
			"Simpanan pokok belum dibayar.")
	}
	if r.RequireWajib && pos.WajibArrearsMonths > r.MaxWajibArrearsMonths {
		through := "never paid"
		if !pos.WajibPaidThrough.IsZero() {
			through = "paid through " + pos.WajibPaidThrough.String()
		}
		want := "simpanan wajib up to date"
		if r.MaxWajibArrearsMonths > 0 {
			want = "at most " + plural(r.MaxWajibArrearsMonths, "month") + " of simpanan wajib in arrears"
		}
		add(CodeSavingsWajibArrears,
			fmt.Sprintf("%s in arrears (%s), %s", plural(pos.WajibArrearsMonths, "month"), pos.WajibArrears, through),
			want,
			fmt.Sprintf("Simpanan wajib is %s behind (%s, %s); it must be paid up first.", plural(pos.WajibArrearsMonths, "month"), pos.WajibArrears, through),
			fmt.Sprintf("Simpanan wajib menunggak %d bulan (%s); harus dilunasi lebih dulu.", pos.WajibArrearsMonths, pos.WajibArrears))
	}

	// Business.
	if r.RequireBusiness || len(r.BusinessTypes) > 0 {
		t := m.Business.Type
		allowed := "any business"
		if len(r.BusinessTypes) > 0 {
			allowed = strings.Join(r.BusinessTypes, ", ")
		}
		switch {
		case t == "":
			add(CodeBusinessNotAllowed, "no business recorded", allowed,
				"No business is recorded; a "+ro.name+" needs an existing business ("+allowed+").",
				"Belum ada usaha yang tercatat; syaratnya usaha yang sudah berjalan ("+allowed+").")
		case len(r.BusinessTypes) > 0 && !slices.Contains(r.BusinessTypes, t):
			add(CodeBusinessNotAllowed, "business "+strconv.Quote(t), allowed,
				"The business "+strconv.Quote(t)+" is not one this programme finances ("+allowed+").",
				"Usaha "+strconv.Quote(t)+" tidak termasuk yang dibiayai program ini ("+allowed+").")
		}
	}

	// Age.
	if r.MinAge > 0 {
		switch b := m.BirthDate; {
		case b.IsZero():
			add(CodeAgeUnknown, "no birth date recorded", fmt.Sprintf("at least %d years old", r.MinAge),
				fmt.Sprintf("No birth date is recorded, so the minimum age of %d cannot be checked; record it from the KTP.", r.MinAge),
				fmt.Sprintf("Tanggal lahir belum tercatat, sehingga batas usia %d tahun tidak dapat diperiksa; catat dari KTP.", r.MinAge))
		case on.Before(b.AddYears(r.MinAge)):
			age := yearsBetween(b, on)
			add(CodeAgeTooYoung, fmt.Sprintf("born %s, %d years old on %s", b, age, on),
				fmt.Sprintf("at least %d years old: from %s", r.MinAge, b.AddYears(r.MinAge)),
				fmt.Sprintf("%s is %d years old; the minimum age is %d, reached on %s.", who(), age, r.MinAge, b.AddYears(r.MinAge)),
				fmt.Sprintf("Anggota %s berusia %d tahun; usia minimum %d tahun, tercapai pada %s.", m.ID, age, r.MinAge, b.AddYears(r.MinAge)))
		}
	}

	// Loans.
	if r.MaxActiveLoans > 0 && activeLoans >= r.MaxActiveLoans {
		add(CodeLoansTooMany, plural(activeLoans, "active loan"), "at most "+plural(r.MaxActiveLoans, "active loan")+", the new one included",
			fmt.Sprintf("%s already has %s; the limit is %d, so a loan must be repaid first.", who(), plural(activeLoans, "active loan"), r.MaxActiveLoans),
			fmt.Sprintf("Anggota %s masih punya %d pinjaman aktif; batasnya %d, jadi harus ada yang dilunasi dulu.", m.ID, activeLoans, r.MaxActiveLoans))
	}
	return out
}

// monthsBetween is the number of whole months from a to b (0 if b is before a).
func monthsBetween(a, b calendar.Date) int {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return 0
	}
	n := b.YearMonth().Sub(a.YearMonth())
	if a.AddMonths(n).After(b) {
		n--
	}
	return n
}

// yearsBetween is the age in whole years on b of someone born on a.
func yearsBetween(a, b calendar.Date) int { return monthsBetween(a, b) / 12 }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
