#!/usr/bin/env python3
"""Deterministic generator of a repository-like benchmark corpus for factorguard.

    python3 bench/gen_corpus.py --size small --out /tmp/corpus-small [--seed 1] [--jobs 2]

Same --size and --seed give the same bytes on every run (and for any --jobs): the plan (paths,
kinds, sizes, one seed per file) comes from one seeded PRNG, and each file's bytes come from its
own PRNG. Content is rendered from templates into per-language pools once, then files are cut
from the pools at block boundaries, so the full size (about 1 GiB, 200,000 files) takes minutes.

The corpus deliberately contains no `.git`, `node_modules`, `vendor`, `target`, `dist`, `build`
directories and no `.gitignore` pattern that matches anything in it: every tool of the benchmark
(cat, rg --no-ignore --hidden, factorguard) must read the same files.

Planted problems (fake, random, made up here) are listed with --manifest. The markers of secret
formats are assembled from pieces at run time so that this file itself holds none of them.
"""
from __future__ import annotations

import argparse
import base64
import bisect
import fnmatch
import json
import math
import multiprocessing
import os
import random
import re
import sys
import time

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

SIZES = {
    "tiny": {"files": 1_000, "bytes": 5 * MIB},
    "small": {"files": 10_000, "bytes": 50 * MIB},
    "full": {"files": 200_000, "bytes": 1 * GIB},
}

# Directory names that factorguard (or rg/git conventions) skip or treat as generated: never used.
FORBIDDEN_DIRS = {
    "node_modules", "vendor", "target", "dist", "build", "out", ".terraform", ".git", ".venv",
    "venv", "__pycache__", "bower_components", ".next", "coverage", "third_party", "generated",
    ".tox", ".cache", "jspm_packages", ".terragrunt-cache", ".nox", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".gradle", "Pods", ".hg", ".svn",
}
# The only patterns our .gitignore / .dockerignore files carry; checked against every path.
IGNORE_PATTERNS = [
    "node_modules/", "__pycache__/", "*.pyc", ".terraform/", "target/", "coverage/", ".DS_Store",
    "*.swp", ".idea/", ".venv/", "*.egg-info/", ".pytest_cache/", "npm-debug.log*",
]

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

NOUNS = """account address alert archive asset audit backup balance batch billing blob booking
bucket budget cache campaign card cart catalog channel chart checkout claim client cluster comment
contact contract coupon credit currency customer dashboard dataset deal delivery device discount
document domain draft email endpoint entry event export feature feed filter flag form gateway grant
group handler health image import incident index inventory invoice issue item job journal label
ledger lead license limit listing locale lookup mailer manifest media member merchant message
metric migration module monitor node note notification offer order owner page partner payment
payout period permission plan policy portfolio post preference price product profile project
promotion queue quota rate receipt record refund region release report request reservation
resource review role route rule schedule schema search segment sequence server service session
setting shipment shipping signal sku slot snapshot source stage status stock store stream
subscription supplier survey task team template tenant ticket timeline topic tracker transaction
transfer upload usage user variant version visit voucher wallet warehouse webhook widget workflow
workspace zone""".split()
VERBS = """add apply approve archive assign cancel check clean close collect compute create decode
delete deliver detect dispatch emit encode enqueue enrich expire export fetch filter find flush
format generate get handle import index init load lookup map merge migrate normalize notify open
parse persist prepare process publish purge query read rebuild record refresh register reload
remove render replay reset resolve restore retry route save schedule scan search send serialize
set sort split start stop store submit sync track transform update upload validate verify watch
write""".split()
ADJS = """active archived async cached current default draft enabled expired external failed global
internal latest local main manual monthly new old open pending primary private public raw recent
remote scheduled shared stale temporary total unread valid""".split()
PROSE = """the a service request response client server value field record table cluster node
deployment pipeline release version configuration environment variable rotation key
database cache queue worker job schedule retry timeout limit metric dashboard
alert runbook incident owner team review change migration rollback feature flag endpoint latency
throughput error budget policy access role permission audit log trace span region zone backup
restore snapshot upgrade dependency library module package build test coverage lint format
document example section note warning default option setting when if then after before during
every each only also never always should must may can will is are was be been have has uses
reads writes sends returns stores keeps moves starts stops runs checks handles""".split()
SUFFIXES = ["", "", "", "-core", "-utils", "-js", "-client", "-parser", "-lite", "-plugin", "-kit"]
ENVS = ["dev", "staging", "prod"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
LICENSE_LINE = "Copyright {y} Acme Corp. Licensed under the Apache License, Version 2.0."


class G:
    """A seeded source of names and values. One per plan, one per file."""

    __slots__ = ("r",)

    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return seq[int(self.r.random() * len(seq))]

    def noun(self):
        return self.pick(NOUNS)

    def words(self, n):
        return [self.pick(NOUNS) for _ in range(n)]

    def snake(self, n=2):
        return "_".join(self.words(n))

    def kebab(self, n=2):
        return "-".join(self.words(n))

    def pascal(self, n=2):
        return "".join(w.capitalize() for w in self.words(n))

    def camel(self, n=2):
        w = self.words(n)
        return w[0] + "".join(x.capitalize() for x in w[1:])

    def int(self, a, b):
        return a + int(self.r.random() * (b - a + 1))

    def chance(self, p):
        return self.r.random() < p

    def hexs(self, n):
        return format(self.r.getrandbits(4 * n), f"0{n}x")

    def b64(self, nbytes):
        return base64.b64encode(self.r.randbytes(nbytes)).decode()

    def alnum(self, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"):
        return "".join(self.pick(alphabet) for _ in range(n))

    def version(self):
        return f"{self.int(0, 6)}.{self.int(0, 30)}.{self.int(0, 20)}"

    def sentence(self):
        n = self.int(6, 16)
        w = [self.pick(PROSE) for _ in range(n)]
        w[self.int(0, n - 1)] = self.noun()
        return " ".join(w).capitalize() + "."

    def paragraph(self, lo=2, hi=6):
        return " ".join(self.sentence() for _ in range(self.int(lo, hi)))

    def lognormal(self, median, sigma, lo, hi):
        v = median * math.exp(self.r.gauss(0.0, sigma))
        return int(min(hi, max(lo, v)))

    def uuid(self):
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def ts(self):
        return (f"2024-{self.int(1, 12):02d}-{self.int(1, 28):02d}T{self.int(0, 23):02d}:"
                f"{self.int(0, 59):02d}:{self.int(0, 59):02d}.{self.int(0, 999):03d}Z")


# --------------------------------------------------------------------------------------------
# Template engine: @X@ or @X1@ placeholders. A digit makes the value stick within one render.
# Multi-letter names (@pkg@) come from the caller's context.
# --------------------------------------------------------------------------------------------

_PH = re.compile(r"@([A-Za-z]+)(\d?)@")

_KINDS = {
    "C": lambda g: g.pascal(2),
    "c": lambda g: g.camel(2),
    "f": lambda g: f"{g.pick(VERBS)}_{g.noun()}",
    "m": lambda g: g.pick(VERBS) + g.noun().capitalize(),
    "F": lambda g: g.pick(VERBS).capitalize() + g.noun().capitalize(),
    "v": lambda g: g.snake(g.int(1, 2)),
    "n": lambda g: g.noun(),
    "k": lambda g: g.kebab(2),
    "U": lambda g: g.snake(g.int(1, 2)).upper(),
    "N": lambda g: str(g.int(1, 999)),
    "P": lambda g: str(g.int(3000, 9999)),
    "S": lambda g: g.sentence(),
    "A": lambda g: g.pick(ADJS),
    "W": lambda g: g.pick(VERBS),
    "H": lambda g: g.hexs(64),
    "h": lambda g: g.hexs(12),
    "V": lambda g: g.version(),
    "I": lambda g: g.uuid(),
    "T": lambda g: g.ts(),
    "R": lambda g: g.pick(REGIONS),
}


def render(tpl, g, ctx=None):
    memo = {}

    def sub(m):
        name, idx = m.group(1), m.group(2)
        if ctx is not None and name in ctx:
            return ctx[name]
        fn = _KINDS.get(name)
        if fn is None:
            return m.group(0)
        if not idx:
            return fn(g)
        key = name + idx
        v = memo.get(key)
        if v is None:
            v = memo[key] = fn(g)
        return v

    return _PH.sub(sub, tpl)


def tpls(text):
    """Split a multi-template string on lines of '~~~'."""
    return [t.strip("\n") + "\n\n" for t in text.split("\n~~~\n")]


# --------------------------------------------------------------------------------------------
# Code templates. Each block renders to one top-level unit (or one member for Java/Ruby).
# --------------------------------------------------------------------------------------------

PY_BLOCKS = tpls('''
def @f1@(@v1@, @v2@=None, *, timeout=@N@):
    """@S@"""
    if @v2@ is None:
        @v2@ = {}
    result = _client.@f2@(@v1@, params=@v2@, timeout=timeout)
    if result.status_code >= 400:
        logger.warning("@f1@ failed: %s %s", result.status_code, result.text[:200])
        raise @C1@Error(f"@n1@ lookup failed for {@v1@!r}")
    return result.json()
~~~
class @C1@:
    """@S@

    @S@
    """

    def __init__(self, @v1@, @v2@, limit=@N@):
        self.@v1@ = @v1@
        self.@v2@ = @v2@
        self.limit = limit
        self._cache = {}

    def @f1@(self, key):
        if key in self._cache:
            return self._cache[key]
        value = self.@v1@.get(key)
        self._cache[key] = value
        return value

    def @f2@(self, items):
        return [item for item in items if item.@v3@ is not None][: self.limit]

    def __repr__(self):
        return f"@C1@({self.@v1@!r}, limit={self.limit})"
~~~
@dataclass(frozen=True)
class @C1@:
    @v1@: str
    @v2@: int = @N@
    @v3@: Optional[str] = None
    @v4@: list[str] = field(default_factory=list)

    @property
    def is_@A@(self) -> bool:
        return self.@v2@ > @N@ and bool(self.@v4@)
~~~
@router.get("/api/v1/@k1@s/{item_id}")
async def @f1@(item_id: int, db: Session = Depends(get_db)) -> @C1@Out:
    row = db.query(@C1@).filter(@C1@.id == item_id).one_or_none()
    if row is None:
        raise HTTPException(status_code=404, detail="@n1@ not found")
    return @C1@Out.model_validate(row)
~~~
def test_@f1@_@A@(monkeypatch, tmp_path):
    monkeypatch.setenv("@U1@", str(tmp_path))
    obj = @C1@(@v1@="@n1@", limit=@N@)
    assert obj.@f2@([]) == []
    assert "@n1@" in repr(obj)
~~~
async def @f1@(session, queue, *, batch_size=@N@):
    token = await _auth.get_access_token(scope="@n1@:read")
    headers = {"Authorization": f"Bearer {token}", "X-Request-Id": uuid.uuid4().hex}
    while True:
        batch = await queue.get_batch(batch_size)
        if not batch:
            break
        for @v1@ in batch:
            async with session.post(f"{BASE_URL}/@k1@", json=@v1@, headers=headers) as resp:
                resp.raise_for_status()
        logger.info("@W@ %d @n1@ records", len(batch))
~~~
@U1@_URL = os.environ.get("@U1@_URL", "http://localhost:@P@")
@U1@_TIMEOUT = int(os.environ.get("@U1@_TIMEOUT", "@N@"))
@U2@_ENABLED = os.environ.get("@U2@_ENABLED", "false").lower() == "true"
DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]
~~~
_@U1@_CHECKSUMS = {
    "@k1@": "@H@",
    "@k2@": "@H@",
    "@k3@": "@H@",
}
~~~
def @f1@(rows):
    # @S@
    totals = defaultdict(int)
    for row in rows:
        if row.get("@v1@") in (None, ""):
            continue
        totals[row["@v1@"]] += int(row.get("@v2@", 0))
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:@N@]
~~~
class @C1@Serializer(serializers.ModelSerializer):
    @v1@ = serializers.CharField(max_length=@N@)
    @v2@ = serializers.IntegerField(required=False)

    class Meta:
        model = @C1@
        fields = ("id", "@v1@", "@v2@", "created_at")
        read_only_fields = ("id", "created_at")

    def validate_@v1@(self, value):
        if not value.strip():
            raise serializers.ValidationError("@S@")
        return value
''')

JS_BLOCKS = tpls('''
/**
 * @S@
 * @param {string} @c1@
 * @returns {Promise<object>}
 */
export async function @m1@(@c1@, options = {}) {
  const url = `${BASE_URL}/@k1@/${encodeURIComponent(@c1@)}`;
  const res = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  if (!res.ok) {
    throw new Error(`@m1@ failed: ${res.status}`);
  }
  return res.json();
}
~~~
export class @C1@ {
  constructor(@c1@, { limit = @N@ } = {}) {
    this.@c1@ = @c1@;
    this.limit = limit;
    this.cache = new Map();
  }

  @m1@(key) {
    if (this.cache.has(key)) return this.cache.get(key);
    const value = this.@c1@.get(key);
    this.cache.set(key, value);
    return value;
  }

  @m2@(items) {
    return items.filter((item) => item.@c2@ != null).slice(0, this.limit);
  }
}
~~~
router.post("/api/@k1@", requireAuth, async (req, res, next) => {
  try {
    const { @c1@, @c2@ } = req.body;
    if (!@c1@) {
      return res.status(400).json({ error: "@n1@ is required" });
    }
    const created = await @c3@Service.@m1@({ @c1@, @c2@, ownerId: req.user.id });
    res.status(201).json(created);
  } catch (err) {
    next(err);
  }
});
~~~
describe("@m1@", () => {
  it("@S@", async () => {
    const subject = new @C1@(new Map([["@n1@", @N@]]));
    expect(subject.@m2@([])).toEqual([]);
    expect(subject.@m1@("@n1@")).toBe(@N@);
  });
});
~~~
const @c1@Config = {
  baseUrl: process.env.@U1@_URL || "http://localhost:@P@",
  timeoutMs: Number(process.env.@U1@_TIMEOUT_MS || @N@),
  apiToken: process.env.@U1@_API_TOKEN,
  retries: @N@,
};
~~~
export function @m1@(state = initialState, action) {
  switch (action.type) {
    case "@U1@_REQUEST":
      return { ...state, loading: true };
    case "@U1@_SUCCESS":
      return { ...state, loading: false, @c1@: action.payload };
    case "@U1@_FAILURE":
      return { ...state, loading: false, error: action.error };
    default:
      return state;
  }
}
~~~
// @S@
const @c1@ = (rows) =>
  rows
    .filter((r) => r.@c2@ !== undefined)
    .reduce((acc, r) => {
      acc[r.@c2@] = (acc[r.@c2@] || 0) + r.amount;
      return acc;
    }, {});
''')

TS_BLOCKS = tpls('''
export interface @C1@ {
  id: string;
  @c1@: string;
  @c2@?: number;
  createdAt: Date;
  tags: string[];
}
~~~
export type @C1@State = {
  items: @C2@[];
  loading: boolean;
  error?: string;
};
~~~
export async function @m1@(client: HttpClient, @c1@: string): Promise<@C1@[]> {
  const response = await client.get<@C1@[]>(`/api/v2/@k1@/${@c1@}`, {
    headers: { Authorization: `Bearer ${await client.accessToken()}` },
  });
  if (response.status !== 200) {
    throw new ApiError(response.status, "@S@");
  }
  return response.data.filter((x) => x.@c2@ !== undefined);
}
~~~
@Injectable()
export class @C1@Service {
  private readonly logger = new Logger(@C1@Service.name);

  constructor(private readonly repo: Repository<@C1@>) {}

  async @m1@(id: string): Promise<@C1@ | undefined> {
    this.logger.debug(`@m1@ ${id}`);
    return this.repo.findOne({ where: { id } });
  }

  async @m2@(input: Partial<@C1@>): Promise<@C1@> {
    const entity = this.repo.create({ ...input, createdAt: new Date() });
    return this.repo.save(entity);
  }
}
~~~
export const @c1@Schema = z.object({
  @c2@: z.string().min(1).max(@N@),
  @c3@: z.number().int().nonnegative().optional(),
  email: z.string().email(),
});
~~~
export function @C1@({ @c1@, onSelect }: @C1@Props) {
  const [open, setOpen] = useState(false);
  const items = useMemo(() => @c1@.slice(0, @N@), [@c1@]);
  return (
    <div className="@k1@">
      <button onClick={() => setOpen(!open)}>@S@</button>
      {open && (
        <ul>
          {items.map((item) => (
            <li key={item.id} onClick={() => onSelect(item)}>{item.@c2@}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
''') + JS_BLOCKS

GO_BLOCKS = tpls('''
// @F1@ @S@
func (s *@C1@Service) @F1@(ctx context.Context, id string) (*@C2@, error) {
	ctx, cancel := context.WithTimeout(ctx, @N@*time.Millisecond)
	defer cancel()
	row := s.db.QueryRowContext(ctx, "SELECT id, @v1@, created_at FROM @v2@ WHERE id = $1", id)
	var out @C2@
	if err := row.Scan(&out.ID, &out.@C3@, &out.CreatedAt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("@W@ @n1@ %s: %w", id, err)
	}
	return &out, nil
}
~~~
type @C1@ struct {
	ID        string    `json:"id"`
	@C2@      string    `json:"@v1@"`
	@C3@      int64     `json:"@v2@,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}
~~~
func (h *Handler) @F1@(w http.ResponseWriter, r *http.Request) {
	var req @C1@Request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "invalid body", http.StatusBadRequest)
		return
	}
	res, err := h.svc.@F2@(r.Context(), req)
	if err != nil {
		h.log.Error("@F1@ failed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}
~~~
func Test@F1@(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"@n1@", "@n1@", @N@},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := @F1@(tc.in); got != tc.want {
				t.Fatalf("@F1@(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}
~~~
const (
	default@C1@Limit   = @N@
	default@C1@Timeout = @N@ * time.Second
	@c1@EnvVar         = "@U1@_TOKEN"
)
~~~
func load@C1@Config() (*Config, error) {
	cfg := &Config{
		Addr:     getenv("@U1@_ADDR", ":@P@"),
		DSN:      os.Getenv("DATABASE_URL"),
		Password: os.Getenv("@U1@_PASSWORD"),
	}
	if cfg.DSN == "" {
		return nil, errors.New("DATABASE_URL is required")
	}
	return cfg, nil
}
''')

JAVA_MEMBERS = tpls('''
    /**
     * @S@
     */
    public Optional<@C1@> @m1@(String id) {
        log.debug("@m1@ {}", id);
        return repository.findById(id).filter(e -> e.get@C2@() != null);
    }
~~~
    @GetMapping("/@k1@/{id}")
    public ResponseEntity<@C1@Dto> @m1@(@PathVariable("id") Long id) {
        return service.@m2@(id)
                .map(mapper::toDto)
                .map(ResponseEntity::ok)
                .orElse(ResponseEntity.notFound().build());
    }
~~~
    @Test
    void @m1@Returns@C1@() {
        var subject = new @C2@(@N@);
        assertThat(subject.@m2@("@n1@")).isEmpty();
        assertThrows(IllegalArgumentException.class, () -> subject.@m2@(null));
    }
~~~
    private final Map<String, @C1@> @c1@ = new ConcurrentHashMap<>();

    @Value("${@n1@.@n2@.timeout-ms:@N@}")
    private long timeoutMs;
~~~
    @Transactional
    public @C1@ @m1@(@C1@Request request) {
        if (request.get@C2@() == null || request.get@C2@().isBlank()) {
            throw new ValidationException("@S@");
        }
        var entity = new @C1@();
        entity.set@C2@(request.get@C2@());
        entity.setCreatedAt(Instant.now());
        return repository.save(entity);
    }
''')

RS_BLOCKS = tpls('''
/// @S@
pub fn @f1@(@v1@: &str, limit: usize) -> Result<Vec<@C1@>, Error> {
    let mut out = Vec::with_capacity(limit.min(@N@));
    for line in @v1@.lines() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(line.parse::<@C1@>().map_err(|e| Error::Parse(e.to_string()))?);
        if out.len() >= limit {
            break;
        }
    }
    Ok(out)
}
~~~
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct @C1@ {
    pub id: u64,
    pub @v1@: String,
    #[serde(default)]
    pub @v2@: Option<u32>,
}

impl @C1@ {
    pub fn new(id: u64, @v1@: impl Into<String>) -> Self {
        Self { id, @v1@: @v1@.into(), @v2@: None }
    }

    pub fn is_@A@(&self) -> bool {
        self.@v2@.map_or(false, |v| v > @N@)
    }
}
~~~
pub enum @C1@ {
    @C2@,
    @C3@ { code: u16 },
    Other(String),
}

impl std::fmt::Display for @C1@ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::@C2@ => f.write_str("@n1@"),
            Self::@C3@ { code } => write!(f, "@n2@ ({code})"),
            Self::Other(s) => f.write_str(s),
        }
    }
}
~~~
#[cfg(test)]
mod @v1@_tests {
    use super::*;

    #[test]
    fn @f1@_works() {
        let got = @f1@("@n1@\\n@n2@\\n", @N@).unwrap();
        assert_eq!(got.len(), 2);
    }
}
~~~
async fn @f1@(State(state): State<AppState>, Path(id): Path<u64>) -> Result<Json<@C1@>, ApiError> {
    let token = state.tokens.current().await?;
    let row = state.client.get(format!("{}/@k1@/{id}", state.base_url)).bearer_auth(token).send().await?;
    Ok(Json(row.json().await?))
}
''')

RB_MEMBERS = tpls('''
  # @S@
  def @f1@(@v1@, limit: @N@)
    @v2@ = @C1@.where(@v1@: @v1@).order(created_at: :desc).limit(limit)
    @v2@.map { |r| r.slice(:id, :@v1@, :created_at) }
  end
~~~
  before_action :authenticate_user!
  before_action :set_@v1@, only: %i[show update destroy]
~~~
  def create
    @@v1@ = @C1@.new(@v1@_params)
    if @@v1@.save
      render json: @@v1@, status: :created
    else
      render json: { errors: @@v1@.errors.full_messages }, status: :unprocessable_entity
    end
  end
~~~
  validates :@v1@, presence: true, length: { maximum: @N@ }
  belongs_to :@v2@
  has_many :@v3@s, dependent: :destroy
  scope :@A@, -> { where(status: "@A@") }
~~~
  def @f1@
    token = ENV.fetch("@U1@_API_TOKEN")
    Faraday.new(url: ENV.fetch("@U1@_URL", "http://localhost:@P@")) do |f|
      f.request :authorization, "Bearer", token
      f.response :json
    end.get("/@k1@").body
  end
~~~
  describe "#@f1@" do
    it "@S@" do
      subject = described_class.new(@v1@: "@n1@")
      expect(subject.@f1@).to eq(@N@)
    end
  end
''')

SH_BLOCKS = tpls('''
@f1@() {
  local @v1@="${1:?usage: @f1@ <@n1@>}"
  log "@W@ ${@v1@}"
  if [[ ! -d "${WORKDIR}/@n1@" ]]; then
    mkdir -p "${WORKDIR}/@n1@"
  fi
  curl -fsS --retry @N@ -H "Authorization: Bearer ${API_TOKEN}" "${BASE_URL}/@k1@/${@v1@}" -o "${WORKDIR}/@n1@/${@v1@}.json"
}
~~~
case "${1:-}" in
  @W@)
    shift
    @f1@ "$@"
    ;;
  @W@)
    @f2@
    ;;
  *)
    echo "usage: $0 {@W@|@W@}" >&2
    exit 2
    ;;
esac
~~~
# @S@
for @v1@ in $(seq 1 @N@); do
  if ! kubectl -n "${NAMESPACE}" rollout status "deploy/@k1@" --timeout=@N@s; then
    echo "rollout of @k1@ not ready (attempt ${@v1@})" >&2
    sleep 5
  fi
done
~~~
: "${@U1@_URL:=http://localhost:@P@}"
: "${@U1@_TIMEOUT:=@N@}"
export @U1@_URL @U1@_TIMEOUT
''')

CSS_BLOCKS = tpls('''
.@k1@ {
  display: flex;
  align-items: center;
  gap: @N@px;
  padding: 0 12px;
  color: var(--color-@n1@);
}
~~~
.@k1@__@n1@ {
  font-size: 14px;
  line-height: 1.4;
  border-bottom: 1px solid #@h@;
}
~~~
@media (max-width: 768px) {
  .@k1@ {
    flex-direction: column;
  }
}
''')

SQL_BLOCKS = tpls('''
CREATE TABLE IF NOT EXISTS @v1@ (
    id BIGSERIAL PRIMARY KEY,
    @v2@ TEXT NOT NULL,
    @v3@ INTEGER DEFAULT @N@,
    owner_id BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
~~~
CREATE INDEX IF NOT EXISTS idx_@v1@_@n1@ ON @v1@ (@n1@_id, created_at DESC);
~~~
ALTER TABLE @v1@ ADD COLUMN IF NOT EXISTS @v2@ VARCHAR(@N@);
''')

MD_BLOCKS = tpls('''
## @C1@

@S@ @S@ @S@

@S@ @S@
~~~
### Configuration

| Variable | Default | Description |
|---|---|---|
| `@U1@_URL` | `http://localhost:@P@` | @S@ |
| `@U2@_TIMEOUT` | `@N@` | @S@ |
| `@U3@_TOKEN` | (none) | @S@ |
~~~
- @S@
- @S@
- @S@
~~~
```bash
make @W@ @U1@=@n1@
curl -s http://localhost:@P@/@k1@ | jq .
```

@S@
~~~
> **Note** @S@ @S@
''')

MINJS_BLOCKS = [
    '@N@:function(e,t,n){"use strict";n.r(t),n.d(t,{@c1@:function(){return o}});var r=n(@N@),'
    'o=function(e){return(0,r.@m1@)(e).filter(function(e){return null!=e.@c2@})}}',
    'function @c1@(e,t){if(!(e instanceof t))throw new TypeError("Cannot call a class as a function")}',
    'var @c1@={baseURL:"/api/@k1@",timeout:@N@,headers:{"X-Client":"web-@n1@"}};',
    '@N@:function(e,t,n){e.exports=function(e){return e&&e.__esModule?e:{default:e}}}',
    'function(e){var t=e.@c1@,n=e.onChange,r=(0,a.useState)(!1),o=(0,i.Z)(r,2);return(0,l.jsx)("div",'
    '{className:"@k1@",children:o[0]&&t.map(function(e){return(0,l.jsx)("span",{children:e.@c2@},e.id)})})}',
    'const @c1@=async e=>{const t=await fetch(`/api/@k1@/${e}`,{credentials:"include"});'
    'if(!t.ok)throw new Error("@S@");return t.json()};',
    '"@k1@":{"@n1@":"@S@","@n2@":"@S@"},',
]


_KEYWORDY = re.compile(r"(?i)token|password|secret")
# Relative weight of blocks that mention credentials: with it, "token" / "password" / "secret"
# appear in roughly 10% / 5% / 1% of the files, about what real application code shows.
KEYWORD_BLOCK_WEIGHT = 0.08


def build_pool(blocks, g, target, joiner=None):
    # Blocks that mention credentials are rarer in real code than the others: weight them down.
    cum, acc = [], 0.0
    for b in blocks:
        acc += KEYWORD_BLOCK_WEIGHT if _KEYWORDY.search(b) else 1.0
        cum.append(acc)
    parts, offs, n = [], [0], 0
    while n < target:
        s = render(blocks[bisect.bisect_right(cum, g.r.random() * acc)], g)
        if joiner is not None:
            s = s.strip("\n") + joiner
        b = s.encode()
        parts.append(b)
        n += len(b)
        offs.append(n)
    return Pool(b"".join(parts), offs)


class Pool:
    __slots__ = ("data", "offs")

    def __init__(self, data, offs):
        self.data, self.offs = data, offs

    def take(self, g, size):
        """About `size` bytes of whole blocks starting at a random block."""
        data, offs = self.data, self.offs
        out, got = [], 0
        while got < size:
            i = int(g.r.random() * (len(offs) - 1))
            start = offs[i]
            want = size - got
            j = bisect.bisect_left(offs, start + want)
            if j >= len(offs):
                j = len(offs) - 1
            if j <= i:
                j = i + 1
            out.append(data[start:offs[j]])
            got += offs[j] - start
        return b"".join(out)


POOLS = {}


def build_pools(seed, total_bytes):
    g = G(seed * 7919 + 17)
    target = int(min(4 * MIB, max(192 * KIB, total_bytes / 64)))
    POOLS["py"] = build_pool(PY_BLOCKS, g, target)
    POOLS["js"] = build_pool(JS_BLOCKS, g, target)
    POOLS["ts"] = build_pool(TS_BLOCKS, g, target)
    POOLS["go"] = build_pool(GO_BLOCKS, g, target)
    POOLS["java"] = build_pool(JAVA_MEMBERS, g, target)
    POOLS["rs"] = build_pool(RS_BLOCKS, g, target)
    POOLS["rb"] = build_pool(RB_MEMBERS, g, target)
    POOLS["sh"] = build_pool(SH_BLOCKS, g, target // 4)
    POOLS["css"] = build_pool(CSS_BLOCKS, g, target // 4)
    POOLS["sql"] = build_pool(SQL_BLOCKS, g, target // 4)
    POOLS["md"] = build_pool(MD_BLOCKS, g, target)
    POOLS["minjs"] = build_pool(MINJS_BLOCKS, g, min(2 * MIB, target), joiner="")


# --------------------------------------------------------------------------------------------
# Per-file content: headers + pool bodies (source, docs), templates (config, IaC), lockfiles.
# Every function takes (entry, g) and returns bytes.
# --------------------------------------------------------------------------------------------

def license_comment(g, prefix):
    if g.chance(0.35):
        return f"{prefix} {LICENSE_LINE.format(y=g.int(2016, 2024))}\n{prefix} SPDX-License-Identifier: Apache-2.0\n\n"
    return ""


def c_py(e, g):
    ctx = {"pkg": e.ctx.get("pkg", "app")}
    head = render('''"""@S@"""
from __future__ import annotations

import logging
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from @pkg@.@n1@ import @C1@
from @pkg@.@n2@.@n3@ import @f1@, @f2@

logger = logging.getLogger(__name__)
BASE_URL = os.environ.get("@U1@_BASE_URL", "http://localhost:@P@")


''', g, ctx)
    return (license_comment(g, "#") + head).encode() + POOLS["py"].take(g, e.size)


def c_js(e, g):
    head = render('''import { @m1@ } from "../@n1@/@n2@";
import { @C1@ } from "./@n3@";
import express from "express";

const router = express.Router();
const BASE_URL = process.env.@U1@_BASE_URL || "http://localhost:@P@";

''', g)
    return (license_comment(g, "//") + head).encode() + POOLS["js"].take(g, e.size) + b"\nexport default router;\n"


def c_ts(e, g):
    head = render('''import { Injectable, Logger } from "@nestjs/common";
import { z } from "zod";
import type { @C1@, @C2@ } from "../types/@n1@";
import { HttpClient, ApiError } from "@acme/http";

''', g)
    if e.kind == "tsx":
        head = 'import React, { useMemo, useState } from "react";\n' + head
    return (license_comment(g, "//") + head).encode() + POOLS["ts"].take(g, e.size)


def c_go(e, g):
    pkg = e.ctx.get("gopkg", "main")
    head = f'''package {pkg}

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/acme/{e.ctx.get("svc", "platform")}/internal/{g.noun()}"
)

'''
    return (license_comment(g, "//") + head).encode() + POOLS["go"].take(g, e.size)


def c_java(e, g):
    cls = os.path.basename(e.path)[:-5]
    pkg = e.ctx.get("jpkg", "com.acme")
    head = f'''package {pkg};

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
public class {cls} {{

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger({cls}.class);

'''
    return (license_comment(g, "//") + head).encode() + POOLS["java"].take(g, e.size) + b"}\n"


def c_rs(e, g):
    head = render('''//! @S@

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::@v1@::@C1@;

''', g)
    return (license_comment(g, "//") + head).encode() + POOLS["rs"].take(g, e.size)


def c_rb(e, g):
    cls = "".join(w.capitalize() for w in os.path.basename(e.path)[:-3].split("_"))
    sup = g.pick(["ApplicationRecord", "ApplicationController", "ApplicationJob", "BaseService"])
    head = f"# frozen_string_literal: true\n\nclass {cls} < {sup}\n"
    return (license_comment(g, "#") + head).encode() + POOLS["rb"].take(g, e.size) + b"end\n"


def c_sh(e, g):
    head = render('''#!/usr/bin/env bash
# @S@
set -euo pipefail

WORKDIR="${WORKDIR:-$(mktemp -d)}"
BASE_URL="${BASE_URL:-https://@k1@.internal.acme.io}"
NAMESPACE="${NAMESPACE:-@n1@}"

log() { printf '%s %s\\n' "$(date -u +%FT%TZ)" "$*" >&2; }

''', g)
    return head.encode() + POOLS["sh"].take(g, e.size)


def c_pool(name, head=""):
    def f(e, g):
        return head.encode() + POOLS[name].take(g, e.size)
    return f


def c_md(e, g):
    title = e.ctx.get("title") or g.pascal(2)
    return f"# {title}\n\n{g.paragraph()}\n\n".encode() + POOLS["md"].take(g, e.size)


def c_html(e, g):
    body = "\n".join(f'      <li class="{g.kebab()}"><a href="/{g.noun()}/{{{{ item.id }}}}">{{{{ item.{g.noun()} }}}}</a></li>'
                     for _ in range(g.int(3, 30)))
    return render(f'''<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>@C1@</title>
    <link rel="stylesheet" href="/static/css/@k1@.css" />
  </head>
  <body>
    <h1>@S@</h1>
    <ul>
{body}
    </ul>
    <script src="/static/js/@k2@.js" defer></script>
  </body>
</html>
''', g).encode()


def c_svg(e, g):
    paths = "".join(f'<path d="M{g.int(0, 24)} {g.int(0, 24)}L{g.int(0, 24)} {g.int(0, 24)}Z" fill="#{g.hexs(6)}"/>'
                    for _ in range(g.int(2, 40)))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">{paths}</svg>\n'.encode()


# ---- config ----

def c_package_json(e, g):
    deps = ",\n".join(f'    "{pkgname(g)}": "^{g.version()}"' for _ in range(g.int(3, 25)))
    dev = ",\n".join(f'    "{pkgname(g)}": "^{g.version()}"' for _ in range(g.int(2, 15)))
    return f'''{{
  "name": "@acme/{e.ctx.get("pkg", "app")}",
  "version": "{g.version()}",
  "private": true,
  "main": "src/index.js",
  "scripts": {{
    "build": "tsc -p .",
    "test": "jest --coverage",
    "lint": "eslint src --ext .ts,.tsx",
    "start": "node server.js"
  }},
  "dependencies": {{
{deps}
  }},
  "devDependencies": {{
{dev}
  }}
}}
'''.encode()


def c_tsconfig(e, g):
    return b'''{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "outDir": "lib",
    "jsx": "react-jsx"
  },
  "include": ["src"]
}
'''


def c_eslintrc(e, g):
    return b'{\n  "root": true,\n  "extends": ["eslint:recommended", "plugin:@typescript-eslint/recommended"],\n  "rules": {"no-console": "warn"}\n}\n'


def c_json_config(e, g):
    return render('''{
  "server": { "port": @P@, "host": "0.0.0.0" },
  "database": { "host": "db.@k1@.internal", "port": 5432, "name": "@v1@", "user": "@n1@_app", "password": "${DB_PASSWORD}" },
  "cache": { "url": "redis://cache.internal:6379/0", "ttlSeconds": @N@ },
  "features": { "@c1@": true, "@c2@": false },
  "logging": { "level": "info", "format": "json" }
}
''', g).encode()


def c_pyproject(e, g):
    deps = "\n".join(f'{g.snake(1)}{g.pick(["", "-client", "-sdk"])} = "^{g.version()}"' for _ in range(g.int(3, 15)))
    return f'''[tool.poetry]
name = "{e.ctx.get("svc", "app")}"
version = "{g.version()}"
description = "{g.sentence()}"
authors = ["Platform Team <platform@acme.io>"]

[tool.poetry.dependencies]
python = "^3.11"
{deps}

[tool.pytest.ini_options]
addopts = "-q --strict-markers"
testpaths = ["tests"]

[tool.ruff]
line-length = 100

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
'''.encode()


def c_requirements(e, g):
    return "".join(f"{g.snake(1)}{g.pick(['', '-client', '-sdk', 'lib'])}=={g.version()}\n"
                   for _ in range(g.int(4, 30))).encode()


def c_ini(e, g):
    return render('''[app]
name = @k1@
log_level = info
workers = @N@

[database]
host = localhost
port = 5432
user = @n1@_app
password = ${DB_PASSWORD}

[cache]
url = redis://localhost:6379/0
ttl = @N@

[flake8]
max-line-length = 100
exclude = .git,__pycache__
''', g).encode()


def c_cargo_toml(e, g):
    deps = "\n".join(f'{g.kebab(1)}{g.pick(["", "-rs", "-core"])} = "{g.int(0, 3)}.{g.int(0, 30)}"'
                     for _ in range(g.int(3, 18)))
    return f'''[package]
name = "{e.ctx.get("svc", "app")}"
version = "{g.version()}"
edition = "2021"

[dependencies]
tokio = {{ version = "1", features = ["full"] }}
serde = {{ version = "1", features = ["derive"] }}
{deps}

[dev-dependencies]
insta = "1"
'''.encode()


def c_toml_config(e, g):
    return render('''# @S@
[server]
addr = "0.0.0.0:@P@"
workers = @N@

[database]
url = "postgres://@n1@@db.internal:5432/@v1@"
max_connections = @N@

[auth]
issuer = "https://auth.acme.io"
audience = "@k1@"
token_ttl_secs = @N@
''', g).encode()


def c_go_mod(e, g):
    req = "\n".join(f"\tgithub.com/{g.noun()}/{g.kebab(1)} v{g.version()}" for _ in range(g.int(3, 20)))
    return f"module github.com/acme/{e.ctx.get('svc', 'app')}\n\ngo 1.22\n\nrequire (\n{req}\n)\n".encode()


def c_pom(e, g):
    deps = "".join(f'''    <dependency>
      <groupId>org.{g.noun()}</groupId>
      <artifactId>{g.kebab()}</artifactId>
      <version>{g.version()}</version>
    </dependency>
''' for _ in range(g.int(3, 15)))
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>{e.ctx.get("svc", "app")}</artifactId>
  <version>{g.version()}</version>
  <dependencies>
{deps}  </dependencies>
</project>
'''.encode()


def c_app_yml(e, g):
    return render('''server:
  port: @P@
spring:
  datasource:
    url: jdbc:postgresql://db.internal:5432/@v1@
    username: @n1@_app
    password: ${DB_PASSWORD}
  jpa:
    hibernate:
      ddl-auto: validate
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
@n2@:
  @n3@:
    timeout-ms: @N@
''', g).encode()


def c_properties(e, g):
    return render('''server.port=@P@
spring.application.name=@k1@
spring.datasource.url=jdbc:postgresql://db.internal:5432/@v1@
spring.datasource.username=@n1@_app
spring.datasource.password=${DB_PASSWORD}
logging.level.root=INFO
''', g).encode()


def c_gemfile(e, g):
    gems = "".join(f'gem "{g.snake(1)}", "~> {g.int(0, 7)}.{g.int(0, 20)}"\n' for _ in range(g.int(4, 20)))
    return f'source "https://rubygems.org"\n\nruby "3.3.0"\n\ngem "rails", "~> 7.1"\ngem "pg"\n{gems}'.encode()


def c_database_yml(e, g):
    return render('''default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { @N@ } %>
  username: @n1@
  password: <%= ENV["DATABASE_PASSWORD"] %>

development:
  <<: *default
  database: @v1@_development

production:
  <<: *default
  url: <%= ENV["DATABASE_URL"] %>
''', g).encode()


def c_yaml_config(e, g):
    return render('''# @S@
@n1@:
  enabled: true
  url: https://@k1@.internal.acme.io
  timeout: @N@s
  retries: @N@
@n2@:
  queue: @k2@
  concurrency: @N@
  token_env: @U1@_TOKEN
logging:
  level: info
''', g).encode()


def c_env_example(e, g):
    lines = [f"# {g.sentence()}", "APP_ENV=development", f"PORT={g.int(3000, 9999)}",
             "DATABASE_URL=postgres://app:changeme@localhost:5432/app",
             "REDIS_URL=redis://localhost:6379/0", "SECRET_KEY=", "API_TOKEN=<your-token-here>"]
    for _ in range(g.int(1, 8)):
        lines.append(f"{g.snake().upper()}_{g.pick(['URL', 'ENABLED', 'TIMEOUT', 'TOKEN', 'REGION'])}=")
    return ("\n".join(lines) + "\n").encode()


def c_makefile(e, g):
    return render('''.PHONY: build test lint run

IMAGE ?= registry.acme.io/@k1@
TAG ?= $(shell git rev-parse --short HEAD)

build:
\tdocker build -t $(IMAGE):$(TAG) .

test:
\t@W@ ./... -count=1

lint:
\tgolangci-lint run

run:
\tdocker run --rm -p @P@:@P@ --env-file .env $(IMAGE):$(TAG)
''', g).encode()


def c_gitignore(e, g):
    return ("# generated artifacts\n" + "\n".join(IGNORE_PATTERNS) + "\n").encode()


def c_editorconfig(e, g):
    return b"root = true\n\n[*]\nindent_style = space\nindent_size = 2\nend_of_line = lf\ninsert_final_newline = true\n"


# ---- IaC ----

K8S_DEPLOYMENT = '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: @svc@
  namespace: @ns@
  labels:
    app.kubernetes.io/name: @svc@
    app.kubernetes.io/part-of: acme
spec:
  replicas: @rep@
  selector:
    matchLabels:
      app.kubernetes.io/name: @svc@
  template:
    metadata:
      labels:
        app.kubernetes.io/name: @svc@
    spec:
      serviceAccountName: @svc@
      containers:
        - name: @svc@
          image: registry.acme.io/@svc@:@tag@
          ports:
            - containerPort: @P1@
          env:
            - name: PORT
              value: "@P1@"
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: @svc@-db
                  key: url
            - name: @U1@_TOKEN
              valueFrom:
                secretKeyRef:
                  name: @svc@-api
                  key: token
          resources:
            requests:
              cpu: @N@m
              memory: @N@Mi
            limits:
              memory: @N@Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: @P1@
@sec@'''
K8S_SEC_GOOD = '''          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
'''
K8S_SERVICE = '''apiVersion: v1
kind: Service
metadata:
  name: @svc@
  namespace: @ns@
spec:
  selector:
    app.kubernetes.io/name: @svc@
  ports:
    - port: 80
      targetPort: @P@
'''
K8S_CONFIGMAP = '''apiVersion: v1
kind: ConfigMap
metadata:
  name: @svc@-config
  namespace: @ns@
data:
  LOG_LEVEL: info
  @U1@_URL: http://@k1@.@ns@.svc.cluster.local
  @U2@_ENABLED: "true"
  FEATURE_@U3@: "false"
'''
K8S_HPA = '''apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: @svc@
  namespace: @ns@
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: @svc@
  minReplicas: 2
  maxReplicas: @N@
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
'''
K8S_INGRESS = '''apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: @svc@
  namespace: @ns@
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
    - hosts: ["@svc@.acme.io"]
      secretName: @svc@-tls
  rules:
    - host: @svc@.acme.io
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: @svc@
                port:
                  number: 80
'''
K8S_CRONJOB = '''apiVersion: batch/v1
kind: CronJob
metadata:
  name: @svc@-@W@
  namespace: @ns@
spec:
  schedule: "@N1@ */6 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: registry.acme.io/@svc@:@tag@
              args: ["@W@", "--@n1@"]
'''


def k8s_ctx(e, g):
    tag = g.pick(["latest", f"v{g.version()}", g.hexs(7)])
    return {"svc": e.ctx.get("svc", g.kebab()), "ns": e.ctx.get("ns", g.pick(ENVS)), "tag": tag,
            "rep": str(g.int(1, 6)), "sec": K8S_SEC_GOOD if g.chance(0.6) else ""}


def c_k8s(e, g):
    ctx = k8s_ctx(e, g)
    which = e.ctx.get("k8s", "multi")
    table = {"deployment": K8S_DEPLOYMENT, "service": K8S_SERVICE, "configmap": K8S_CONFIGMAP,
             "hpa": K8S_HPA, "ingress": K8S_INGRESS, "cronjob": K8S_CRONJOB}
    if which == "multi":
        docs = [K8S_DEPLOYMENT, K8S_SERVICE] + [g.pick([K8S_CONFIGMAP, K8S_HPA, K8S_INGRESS, K8S_CRONJOB])
                                                for _ in range(g.int(0, 3))]
        return "---\n".join(render(d, g, ctx) for d in docs).encode()
    return render(table[which], g, ctx).encode()


def c_kustomization(e, g):
    res = "".join(f"  - {r}\n" for r in e.ctx.get("resources", ["deployment.yaml", "service.yaml"]))
    return (f"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: {e.ctx.get('ns', 'default')}\n"
            f"resources:\n{res}images:\n  - name: registry.acme.io/{e.ctx.get('svc', 'app')}\n    newTag: v{g.version()}\n").encode()


def c_patch(e, g):
    return render('''apiVersion: apps/v1
kind: Deployment
metadata:
  name: @svc@
spec:
  replicas: @N@
  template:
    spec:
      containers:
        - name: @svc@
          resources:
            limits:
              memory: @N@Mi
''', g, {"svc": e.ctx.get("svc", "app")}).encode()


def c_helm_values(e, g):
    return render('''replicaCount: @N@
image:
  repository: registry.acme.io/@svc@
  tag: ""
  pullPolicy: IfNotPresent
service:
  type: ClusterIP
  port: 80
ingress:
  enabled: true
  hosts:
    - host: @svc@.acme.io
env:
  LOG_LEVEL: info
  @U1@_URL: http://@k1@:@P@
existingSecret: @svc@-secrets
resources:
  limits:
    memory: @N@Mi
''', g, {"svc": e.ctx.get("svc", "app")}).encode()


def c_helm_chart(e, g):
    return f"apiVersion: v2\nname: {e.ctx.get('svc', 'app')}\nversion: {g.version()}\nappVersion: \"{g.version()}\"\n".encode()


def c_helm_tpl(e, g):
    return b'''apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          envFrom:
            - secretRef:
                name: {{ .Values.existingSecret }}
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
'''


def c_compose(e, g):
    svc = e.ctx.get("svc", "app")
    extra = ""
    for _ in range(g.int(0, 3)):
        extra += render('''  @n1@-worker:
    image: registry.acme.io/@svc@:latest
    command: ["@W@", "--queue", "@k1@"]
    environment:
      - QUEUE_URL=amqp://guest:guest@rabbitmq:5672/
    depends_on: [rabbitmq]
''', g, {"svc": svc})
    return render('''services:
  @svc@:
    build: .
    ports:
      - "@P1@:@P1@"
    env_file: .env
    environment:
      DATABASE_URL: postgres://app:${POSTGRES_PASSWORD}@db:5432/app
      REDIS_URL: redis://redis:6379/0
    depends_on: [db, redis]
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-changeme}
    volumes:
      - pgdata:/var/lib/postgresql/data
  redis:
    image: redis:7-alpine
  rabbitmq:
    image: rabbitmq:3-management
''', g, {"svc": svc}).encode() + extra.encode() + b"volumes:\n  pgdata: {}\n"


def c_dockerfile(e, g):
    lang = e.ctx.get("lang", "py")
    user = "USER 10001\n" if g.chance(0.65) else ""
    if lang == "py":
        body = f'''FROM python:3.{g.int(9, 12)}-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml poetry.lock ./
RUN pip install --no-cache-dir poetry && poetry install --only main --no-root
COPY src ./src
{user}EXPOSE {g.int(3000, 9999)}
CMD ["python", "-m", "{e.ctx.get("pkg", "app")}"]
'''
    elif lang == "go":
        body = f'''FROM golang:1.{g.int(20, 23)} AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/...

FROM gcr.io/distroless/static:nonroot
COPY --from=builder /out/app /app
{user}ENTRYPOINT ["/app"]
'''
    elif lang == "js":
        body = f'''FROM node:{g.pick(["18", "20", "22"])}-alpine
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
{user}EXPOSE {g.int(3000, 9999)}
CMD ["node", "server.js"]
'''
    elif lang == "java":
        body = f'''FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -DskipTests package

FROM eclipse-temurin:21-jre
COPY --from=build /src/target/*.jar /app.jar
{user}ENTRYPOINT ["java", "-jar", "/app.jar"]
'''
    elif lang == "rs":
        body = f'''FROM rust:1.{g.int(75, 83)} AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=build /src/target/release/{e.ctx.get("svc", "app")} /usr/local/bin/app
{user}CMD ["app"]
'''
    else:
        body = f'''FROM ruby:3.3
WORKDIR /app
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs
COPY Gemfile Gemfile.lock ./
RUN bundle install --without development test
COPY . .
{user}CMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]
'''
    return body.encode()


def c_systemd(e, g):
    name = e.ctx.get("svc", "app")
    if e.path.endswith(".timer"):
        return f"[Unit]\nDescription=Run {name} periodically\n\n[Timer]\nOnCalendar=*-*-* *:{g.int(0, 59):02d}:00\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n".encode()
    harden = ("NoNewPrivileges=true\nProtectSystem=strict\nProtectHome=true\nPrivateTmp=true\n"
              if g.chance(0.5) else "")
    user = f"User={name}\nGroup={name}\n" if g.chance(0.7) else ""
    return f'''[Unit]
Description={g.sentence()}
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
{user}EnvironmentFile=-/etc/acme/{name}.env
Environment=LOG_LEVEL=info
ExecStart=/usr/local/bin/{name} --port {g.int(3000, 9999)}
Restart=on-failure
RestartSec=5
{harden}
[Install]
WantedBy=multi-user.target
'''.encode()


def c_workflow(e, g):
    ref = "@v4" if g.chance(0.6) else "@" + g.hexs(40)
    svc = e.ctx.get("svc", "app")
    return f'''name: {svc} ci
on:
  push:
    branches: [main]
    paths: ["services/{svc}/**"]
  pull_request:
    paths: ["services/{svc}/**"]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout{ref}
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: make -C services/{svc} test
        env:
          DATABASE_URL: postgres://postgres:postgres@localhost:5432/test
  deploy:
    if: github.ref == 'refs/heads/main'
    needs: test
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout{ref}
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::{g.int(100000000000, 999999999999)}:role/deploy-{svc}
          aws-region: {g.pick(REGIONS)}
      - run: ./scripts/deploy.sh {svc}
        env:
          REGISTRY_TOKEN: ${{{{ secrets.REGISTRY_TOKEN }}}}
          SLACK_WEBHOOK_URL: ${{{{ secrets.SLACK_WEBHOOK_URL }}}}
'''.encode()


TF_RESOURCES = tpls('''
resource "aws_s3_bucket" "@v1@" {
  bucket = "acme-@k1@-${var.environment}"
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "@v1@" {
  bucket = aws_s3_bucket.@v1@.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
  }
}
~~~
resource "aws_db_instance" "@v1@" {
  identifier              = "@k1@-${var.environment}"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = var.db_instance_class
  allocated_storage       = @N@
  username                = "app"
  password                = var.db_password
  storage_encrypted       = true
  backup_retention_period = 7
  publicly_accessible     = false
  skip_final_snapshot     = false
  tags                    = local.tags
}
~~~
resource "aws_security_group" "@v1@" {
  name   = "@k1@-${var.environment}"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
~~~
resource "aws_iam_role" "@v1@" {
  name               = "@k1@-${var.environment}"
  assume_role_policy = data.aws_iam_policy_document.@v1@_assume.json
}

resource "aws_iam_role_policy" "@v1@" {
  role = aws_iam_role.@v1@.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${aws_s3_bucket.@v2@.arn}/*"
    }]
  })
}
~~~
resource "aws_kms_key" "@v1@" {
  description             = "@S@"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}
~~~
resource "aws_cloudwatch_log_group" "@v1@" {
  name              = "/acme/@k1@"
  retention_in_days = @N@
  kms_key_id        = aws_kms_key.main.arn
}
~~~
module "@v1@" {
  source  = "../../modules/@k1@"
  name    = "@k1@"
  env     = var.environment
  subnets = var.private_subnet_ids
}
~~~
resource "aws_lambda_function" "@v1@" {
  function_name = "@k1@"
  role          = aws_iam_role.@v1@.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/dist.zip"
  environment {
    variables = {
      LOG_LEVEL     = "info"
      SECRET_ARN    = aws_secretsmanager_secret.@v2@.arn
    }
  }
}
''')


def c_tf(e, g):
    name = os.path.basename(e.path)
    if name == "variables.tf":
        out = []
        for v in ["environment", "vpc_id", "db_instance_class"] + [g.snake() for _ in range(g.int(1, 8))]:
            out.append(f'variable "{v}" {{\n  type        = string\n  description = "{g.sentence()}"\n}}\n')
        out.append('variable "db_password" {\n  type      = string\n  sensitive = true\n}\n')
        return "\n".join(out).encode()
    if name == "outputs.tf":
        return "".join(f'output "{g.snake()}" {{\n  value = aws_{g.snake()}.{g.noun()}.id\n}}\n\n'
                       for _ in range(g.int(1, 6))).encode()
    if name in ("versions.tf", "backend.tf"):
        return f'''terraform {{
  required_version = ">= 1.6"
  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.{g.int(0, 60)}"
    }}
  }}
  backend "s3" {{
    bucket         = "acme-terraform-state"
    key            = "{e.ctx.get("stack", "core")}/terraform.tfstate"
    region         = "{g.pick(REGIONS)}"
    encrypt        = true
    dynamodb_table = "terraform-locks"
  }}
}}
'''.encode()
    if name.endswith(".tfvars"):
        return f'environment = "{e.ctx.get("env", "dev")}"\nvpc_id = "vpc-{g.hexs(17)}"\ndb_instance_class = "db.t3.medium"\n'.encode()
    head = f'locals {{\n  tags = {{\n    team        = "{g.noun()}"\n    environment = var.environment\n  }}\n}}\n\nprovider "aws" {{\n  region = "{g.pick(REGIONS)}"\n}}\n\n'
    return (head + "".join(render(g.pick(TF_RESOURCES), g) for _ in range(g.int(2, 9)))).encode()


# ---- test fixtures (JSON / YAML data next to tests) ----

def c_fixture_json(e, g):
    def item(g):
        return (f'  {{"id": {g.int(1, 99999)}, "{g.camel()}": "{g.noun()}-{g.hexs(6)}", "status": "{g.pick(ADJS)}", '
                f'"email": "{g.noun()}{g.int(1, 99)}@example.com", "amount": {g.int(0, 99999) / 100}, "createdAt": "{g.ts()}"}},\n')
    return fill(g, e.size, item, "[\n", '  {"id": 0}\n]\n')


def c_fixture_yaml(e, g):
    def item(g):
        return (f"- id: {g.int(1, 99999)}\n  {g.snake()}: {g.noun()}-{g.hexs(6)}\n  status: {g.pick(ADJS)}\n"
                f"  owner: {g.noun()}@example.com\n  tags: [{g.noun()}, {g.noun()}]\n")
    return fill(g, e.size, item, f"# fixture: {g.sentence()}\n")


# ---- lockfiles ----

def pkgname(g):
    base = g.kebab(g.int(1, 2)) + g.pick(SUFFIXES)
    return f"@{g.noun()}/{base}" if g.chance(0.12) else base


def fill(g, size, item, head="", tail=""):
    parts, n = [head], len(head)
    while n < size:
        s = item(g)
        parts.append(s)
        n += len(s)
    parts.append(tail)
    return "".join(parts).encode()


def c_package_lock(e, g):
    def item(g):
        name, ver = pkgname(g), g.version()
        deps = ", ".join(f'"{pkgname(g)}": "^{g.version()}"' for _ in range(g.int(0, 4)))
        dev = '      "dev": true,\n' if g.chance(0.4) else ""
        short = name.rsplit("/", 1)[-1]
        return (f'    "node_modules/{name}": {{\n      "version": "{ver}",\n'
                f'      "resolved": "https://registry.npmjs.org/{name}/-/{short}-{ver}.tgz",\n'
                f'      "integrity": "sha512-{g.b64(64)}",\n{dev}'
                f'      "dependencies": {{{deps}}},\n      "engines": {{"node": ">={g.int(10, 18)}"}}\n    }},\n')
    pkg = e.ctx.get("pkg", "app")
    head = (f'{{\n  "name": "@acme/{pkg}",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n'
            f'  "packages": {{\n    "": {{\n      "name": "@acme/{pkg}",\n      "version": "1.0.0"\n    }},\n')
    return fill(g, e.size, item, head, '    "node_modules/zz-end": {\n      "version": "1.0.0"\n    }\n  }\n}\n')


def c_yarn_lock(e, g):
    def item(g):
        name, ver = pkgname(g), g.version()
        short = name.rsplit("/", 1)[-1]
        deps = "".join(f'    {pkgname(g)} "^{g.version()}"\n' for _ in range(g.int(0, 4)))
        deps = f"  dependencies:\n{deps}" if deps else ""
        return (f'"{name}@^{ver}":\n  version "{ver}"\n'
                f'  resolved "https://registry.yarnpkg.com/{name}/-/{short}-{ver}.tgz#{g.hexs(40)}"\n'
                f'  integrity sha512-{g.b64(64)}\n{deps}\n')
    return fill(g, e.size, item, "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n")


def c_cargo_lock(e, g):
    def item(g):
        deps = "".join(f' "{g.kebab(1)}",\n' for _ in range(g.int(0, 5)))
        deps = f"dependencies = [\n{deps}]\n" if deps else ""
        return (f'[[package]]\nname = "{g.kebab(g.int(1, 2))}"\nversion = "{g.version()}"\n'
                f'source = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{g.hexs(64)}"\n{deps}\n')
    return fill(g, e.size, item, "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n")


def c_poetry_lock(e, g):
    def item(g):
        name, ver = g.kebab(g.int(1, 2)), g.version()
        mod = name.replace("-", "_")
        deps = "".join(f'{g.kebab(1)} = ">={g.version()}"\n' for _ in range(g.int(0, 4)))
        deps = f"\n[package.dependencies]\n{deps}" if deps else ""
        return (f'[[package]]\nname = "{name}"\nversion = "{ver}"\ndescription = "{g.sentence()}"\noptional = false\n'
                f'python-versions = ">=3.8"\nfiles = [\n'
                f'    {{file = "{mod}-{ver}-py3-none-any.whl", hash = "sha256:{g.hexs(64)}"}},\n'
                f'    {{file = "{mod}-{ver}.tar.gz", hash = "sha256:{g.hexs(64)}"}},\n]\n{deps}\n')
    tail = f'[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "{g.hexs(64)}"\n'
    return fill(g, e.size, item, "# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.\n\n", tail)


def c_go_sum(e, g):
    def item(g):
        mod, ver = f"github.com/{g.noun()}/{g.kebab(1)}", "v" + g.version()
        return f"{mod} {ver} h1:{g.b64(32)}\n{mod} {ver}/go.mod h1:{g.b64(32)}\n"
    return fill(g, e.size, item)


def c_gemfile_lock(e, g):
    def item(g):
        return f"    {g.snake(1)} ({g.version()})\n" + "".join(f"      {g.snake(1)} (>= {g.version()})\n" for _ in range(g.int(0, 3)))
    return fill(g, e.size, item, "GEM\n  remote: https://rubygems.org/\n  specs:\n",
                "\nPLATFORMS\n  x86_64-linux\n\nBUNDLED WITH\n   2.5.6\n")


# ---- binary ----

def c_binary(e, g):
    ext = e.path.rsplit(".", 1)[-1]
    heads = {
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00",
        "gif": b"GIF89a",
        "ico": b"\x00\x00\x01\x00\x01\x00",
        "woff2": b"wOF2\x00\x01\x00\x00",
        "jar": b"PK\x03\x04\x14\x00\x08\x08\x08\x00",
        "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        "wasm": b"\x00asm\x01\x00\x00\x00",
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    }
    h = heads.get(ext, b"\x00\x00")
    return h + g.r.randbytes(max(0, e.size - len(h)))


# ---- large files (streamed; return an iterator of str/bytes chunks) ----

def big_log(e, g):
    svc = e.ctx.get("svc", "api-gateway")
    paths = [f"/api/v1/{g.noun()}s/{{}}" for _ in range(40)]
    n = 0
    buf = []
    while n < e.size:
        r = g.r.random()
        ts = f"2024-11-03T{g.int(0, 23):02d}:{g.int(0, 59):02d}:{g.int(0, 59):02d}.{g.int(0, 999):03d}Z"
        if r < 0.86:
            line = (f"{ts} INFO  [{svc}] request_id={g.hexs(16)} method={g.pick(('GET', 'GET', 'POST', 'PUT', 'DELETE'))} "
                    f"path={g.pick(paths).format(g.int(1, 99999))} status={g.pick((200, 200, 200, 201, 204, 304, 404))} "
                    f"duration_ms={g.int(1, 900)} user_id={g.int(1, 500000)}\n")
        elif r < 0.95:
            line = f"{ts} DEBUG [{svc}] cache {g.pick(('hit', 'miss'))} key={g.noun()}:{g.int(1, 99999)} ttl={g.int(1, 3600)}\n"
        elif r < 0.985:
            line = (f"{ts} WARN  [{svc}] upstream {g.kebab(1)} slow: {g.int(1000, 9000)}ms "
                    f"(retry {g.int(1, 3)}/3) authorization=[REDACTED]\n")
        else:
            line = (f"{ts} ERROR [{svc}] unhandled error request_id={g.hexs(16)}: {g.sentence()}\n"
                    f"Traceback (most recent call last):\n  File \"/app/{g.noun()}/{g.noun()}.py\", line {g.int(1, 900)}, in {g.pick(VERBS)}_{g.noun()}\n"
                    f"    raise {g.pascal()}Error(\"token expired\")\n")
        buf.append(line)
        n += len(line)
        if len(buf) >= 20000:
            yield "".join(buf)
            buf = []
    yield "".join(buf)


def big_json(e, g):
    yield "[\n"
    n, first, buf = 2, True, []
    kinds = [f"{g.noun()}.{g.pick(VERBS)}d" for _ in range(30)]
    while n < e.size:
        s = (("" if first else ",\n") +
             f'  {{\n    "id": "{g.uuid()}",\n    "type": "{g.pick(kinds)}",\n    "occurred_at": "{g.ts()}",\n'
             f'    "actor": {{"id": {g.int(1, 500000)}, "email": "{g.noun()}.{g.noun()}{g.int(1, 99)}@example.com"}},\n'
             f'    "payload": {{"{g.noun()}_id": {g.int(1, 99999)}, "amount": {g.int(1, 99999) / 100}, '
             f'"currency": "{g.pick(("USD", "EUR", "GBP"))}", "note": "{g.sentence()}"}}\n  }}')
        first = False
        buf.append(s)
        n += len(s)
        if len(buf) >= 5000:
            yield "".join(buf)
            buf = []
    buf.append("\n]\n")
    yield "".join(buf)


def big_csv(e, g):
    yield "id,email,first_name,last_name,country,plan,created_at,lifetime_value\n"
    n, buf = 0, []
    while n < e.size:
        s = (f"{g.int(1, 9999999)},{g.noun()}.{g.noun()}{g.int(1, 999)}@example.com,{g.noun().capitalize()},"
             f"{g.noun().capitalize()},{g.pick(('US', 'DE', 'FR', 'GB', 'NL', 'BR', 'JP', 'IN'))},"
             f"{g.pick(('free', 'pro', 'team', 'enterprise'))},{g.ts()},{g.int(0, 999999) / 100}\n")
        buf.append(s)
        n += len(s)
        if len(buf) >= 20000:
            yield "".join(buf)
            buf = []
    yield "".join(buf)


def big_sql(e, g):
    yield "-- PostgreSQL database dump (synthetic seed data)\nSET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n\n"
    n, buf = 0, []
    while n < e.size:
        table = g.snake()
        rows = ",\n".join(f"({g.int(1, 9999999)}, '{g.noun()}-{g.hexs(8)}', '{g.sentence()[:60]}', {g.int(0, 99999)}, '{g.ts()}')"
                          for _ in range(200))
        s = f"INSERT INTO public.{table} (id, slug, description, amount, created_at) VALUES\n{rows};\n\n"
        buf.append(s)
        n += len(s)
        if len(buf) >= 50:
            yield "".join(buf)
            buf = []
    yield "".join(buf)


def big_bundle(e, g):
    """A minified JS bundle: a few very long lines."""
    yield f'/*! For license information please see main.{g.hexs(8)}.js.LICENSE.txt */\n(()=>{{var e={{'
    n, pool = 0, POOLS["minjs"]
    line_budget = g.int(1, 3) * MIB
    since_nl = 0
    while n < e.size:
        chunk = pool.take(g, min(256 * KIB, e.size - n))
        n += len(chunk)
        since_nl += len(chunk)
        yield chunk
        if since_nl >= line_budget:
            yield "\n"
            since_nl = 0
    yield "}})();\n//# sourceMappingURL=main.js.map\n"


def big_sourcemap(e, g):
    srcs = [f"webpack://@acme/{g.kebab()}/./src/{g.noun()}/{g.pascal()}.tsx" for _ in range(200)]
    yield '{"version":3,"file":"main.js","sources":' + json.dumps(srcs) + ',"sourcesContent":['
    n, first = 0, True
    half = e.size // 2
    while n < half:
        s = json.dumps(POOLS["ts"].take(g, min(half - n, g.int(2 * KIB, 40 * KIB))).decode())
        yield ("" if first else ",") + s
        first = False
        n += len(s)
    yield '],"mappings":"'
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    table = bytes.maketrans(bytes(range(256)), (alphabet * 4).encode())
    while n < e.size:
        raw = g.r.randbytes(min(256 * KIB, e.size - n)).translate(table)
        # sprinkle the ',' and ';' separators a real mapping has
        s = raw.replace(b"A", b",", 4000).replace(b"B", b";", 400)
        n += len(s)
        yield s
    yield '","names":[]}\n'


def big_openapi(e, g):
    yield '{"openapi":"3.0.3","info":{"title":"Acme API","version":"' + g.version() + '"},"paths":{'
    n, first = 0, True
    while n < e.size:
        p = f"/api/v1/{g.noun()}s/{{{g.noun()}Id}}/{g.noun()}"
        s = (("" if first else ",") + json.dumps(p) + ':{"get":{"summary":' + json.dumps(g.sentence()) +
             ',"security":[{"bearerAuth":[]}],"parameters":[{"name":"' + g.camel() + '","in":"query","schema":{"type":"string"}}],'
             '"responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/' + g.pascal() + '"}}}}}}}')
        first = False
        yield s
        n += len(s)
    yield '},"components":{"securitySchemes":{"bearerAuth":{"type":"http","scheme":"bearer"}}}}\n'


# ---- planted fake problems ----

def _pem_label():
    return " ".join(["RSA", "PRIVATE", "KEY"])


def _aws_key_id(g):
    return "AK" + "IA" + g.alnum(16)


def c_planted_pem(e, g):
    body = base64.b64encode(g.r.randbytes(1190)).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    lab = _pem_label()
    return f"-----BEGIN {lab}-----\n{lines}\n-----END {lab}-----\n".encode()


def c_planted_env(e, g):
    return f'''APP_ENV=production
PORT=8080
DATABASE_URL=postgres://app:{g.alnum(20, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")}@db.prod.internal:5432/app
REDIS_URL=redis://:{g.hexs(32)}@cache.prod.internal:6379/0
SECRET_KEY={g.hexs(64)}
AWS_ACCESS_KEY_ID={_aws_key_id(g)}
AWS_SECRET_ACCESS_KEY={g.b64(30)}
SENTRY_DSN=https://{g.hexs(32)}@o{g.int(100000, 999999)}.ingest.sentry.io/{g.int(1000000, 9999999)}
'''.encode()


def c_planted_tfstate(e, g):
    state = {
        "version": 4, "terraform_version": "1.8.5", "serial": g.int(1, 400), "lineage": g.uuid(), "outputs": {},
        "resources": [{
            "mode": "managed", "type": "aws_db_instance", "name": "main",
            "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
            "instances": [{"schema_version": 2, "attributes": {
                "identifier": "orders-prod", "engine": "postgres", "username": "app",
                "password": g.alnum(24, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
                "endpoint": "orders-prod.c9xyz.us-east-1.rds.amazonaws.com:5432", "publicly_accessible": False}}],
        }],
    }
    return (json.dumps(state, indent=2) + "\n").encode()


def c_planted_npmrc(e, g):
    return f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_{g.alnum(36, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}\n".encode()


def c_planted_settings(e, g):
    return f'''"""Local settings (do not commit)."""
DEBUG = True
AWS_ACCESS_KEY_ID = "{_aws_key_id(g)}"
aws_secret_access_key = "{g.b64(30)}"
DATABASE_PASSWORD = "{g.alnum(18, 'abcdefghijkmnopqrstuvwxyz0123456789')}"
'''.encode()


def c_planted_privileged(e, g):
    return render('''apiVersion: v1
kind: Pod
metadata:
  name: @svc@-debug
  namespace: prod
spec:
  hostNetwork: true
  hostPID: true
  containers:
    - name: shell
      image: ubuntu:latest
      command: ["sleep", "infinity"]
      securityContext:
        privileged: true
      volumeMounts:
        - name: host
          mountPath: /host
  volumes:
    - name: host
      hostPath:
        path: /
''', g, {"svc": e.ctx.get("svc", "app")}).encode()


def c_planted_dockerfile(e, g):
    return f'''FROM node:20
WORKDIR /app
COPY . .
ENV DB_PASSWORD={g.alnum(16, 'abcdefghijkmnopqrstuvwxyz0123456789')}
RUN npm install
CMD ["node", "server.js"]
'''.encode()


def c_planted_workflow(e, g):
    return b'''name: preview
on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm run build
      - run: ./scripts/deploy-preview.sh "${{ github.event.pull_request.title }}"
        env:
          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}
'''


CONTENT = {
    "py": c_py, "js": c_js, "ts": c_ts, "tsx": c_ts, "go": c_go, "java": c_java, "rs": c_rs,
    "rb": c_rb, "sh": c_sh, "css": c_pool("css"), "sql": c_pool("sql", "-- migration\nBEGIN;\n\n"),
    "md": c_md, "html": c_html, "svg": c_svg,
    "package_json": c_package_json, "tsconfig": c_tsconfig, "eslintrc": c_eslintrc, "json_config": c_json_config,
    "pyproject": c_pyproject, "requirements": c_requirements, "ini": c_ini, "cargo_toml": c_cargo_toml,
    "toml_config": c_toml_config, "go_mod": c_go_mod, "pom": c_pom, "app_yml": c_app_yml,
    "properties": c_properties, "gemfile": c_gemfile, "database_yml": c_database_yml, "yaml_config": c_yaml_config,
    "env_example": c_env_example, "makefile": c_makefile, "gitignore": c_gitignore, "editorconfig": c_editorconfig,
    "k8s": c_k8s, "kustomization": c_kustomization, "k8s_patch": c_patch, "helm_values": c_helm_values,
    "helm_chart": c_helm_chart, "helm_tpl": c_helm_tpl, "compose": c_compose, "dockerfile": c_dockerfile,
    "systemd": c_systemd, "workflow": c_workflow, "tf": c_tf,
    "package_lock": c_package_lock, "yarn_lock": c_yarn_lock, "cargo_lock": c_cargo_lock, "poetry_lock": c_poetry_lock,
    "go_sum": c_go_sum, "gemfile_lock": c_gemfile_lock, "binary": c_binary,
    "fixture_json": c_fixture_json, "fixture_yaml": c_fixture_yaml,
    "planted_pem": c_planted_pem, "planted_env": c_planted_env, "planted_tfstate": c_planted_tfstate,
    "planted_npmrc": c_planted_npmrc, "planted_settings": c_planted_settings,
    "planted_privileged": c_planted_privileged, "planted_dockerfile": c_planted_dockerfile,
    "planted_workflow": c_planted_workflow,
}
STREAMED = {"big_log": big_log, "big_json": big_json, "big_csv": big_csv, "big_sql": big_sql,
            "big_bundle": big_bundle, "big_sourcemap": big_sourcemap, "big_openapi": big_openapi}
# Kinds whose planned size is scaled to hit the byte target; the others keep their natural size.
SCALABLE = {"py", "js", "ts", "tsx", "go", "java", "rs", "rb", "sh", "css", "sql", "md", "binary",
            "fixture_json", "fixture_yaml"}
# Pool-cut files carry a header and end on a block boundary: about this many bytes over plan.
TEXT_OVERHEAD = 650
TEMPLATED_AVG = 550


# --------------------------------------------------------------------------------------------
# Plan: the tree, the kinds and the sizes.
# --------------------------------------------------------------------------------------------

class Entry:
    __slots__ = ("path", "kind", "cat", "size", "seed", "ctx")

    def __init__(self, path, kind, cat, size, seed, ctx):
        self.path, self.kind, self.cat, self.size, self.seed, self.ctx = path, kind, cat, size, seed, ctx


class Plan:
    def __init__(self, size_name, seed):
        spec = SIZES[size_name]
        self.nfiles, self.nbytes = spec["files"], spec["bytes"]
        self.scale = self.nbytes / GIB
        self.g = G(seed)
        self.entries = []
        self.paths = set()
        self.planted = []

    def add(self, path, kind, cat, size=0, **ctx):
        g = self.g
        base, dot, ext = path.rpartition(".")
        if not dot or "/" in ext:
            base, ext = path, ""
        n = 2
        while path in self.paths:
            path = f"{base}_{n}.{ext}" if ext else f"{base}_{n}"
            n += 1
        parts = path.split("/")
        assert not (set(parts[:-1]) & FORBIDDEN_DIRS), path
        self.paths.add(path)
        e = Entry(path, kind, cat, size, g.r.getrandbits(63), ctx)
        self.entries.append(e)
        return e

    # -- sizes --
    def src_size(self):
        return self.g.lognormal(2200, 0.9, 200, 256 * KIB)

    def doc_size(self):
        return self.g.lognormal(2500, 0.8, 300, 128 * KIB)

    def bin_size(self):
        return self.g.lognormal(6 * KIB, 1.2, 200, 4 * MIB)

    def lock_size(self, median):
        return self.g.lognormal(median, 0.7, 2 * KIB, 6 * MIB)

    # -- directory helpers --
    def subdirs(self, root, count, maxdepth):
        g = self.g
        dirs = [root]
        for _ in range(count):
            parent = g.pick(dirs)
            if parent.count("/") - root.count("/") >= maxdepth:
                parent = root
            dirs.append(f"{parent}/{g.noun()}")
        return dirs

    def assets(self, root, n):
        g = self.g
        for _ in range(n):
            ext = g.pick(["png", "png", "png", "jpg", "svg", "svg", "gif", "ico", "woff2"])
            name = f"{root}/{g.kebab()}.{ext}"
            if ext == "svg":
                self.add(name, "svg", "web")
            else:
                self.add(name, "binary", "binary", self.bin_size())

    def fixtures(self, root, k):
        g = self.g
        for _ in range(k // 12):
            d = f"{root}/{g.pick(['tests/fixtures', 'tests/fixtures/' + g.noun(), 'testdata'])}"
            if g.chance(0.7):
                self.add(f"{d}/{g.snake()}.json", "fixture_json", "data", self.g.lognormal(1500, 0.9, 100, 256 * KIB))
            else:
                self.add(f"{d}/{g.snake()}.yaml", "fixture_yaml", "data", self.g.lognormal(1200, 0.9, 100, 128 * KIB))

    # -- units --
    def unit_js(self, k):
        g = self.g
        pkg = g.kebab()
        root = f"packages/{pkg}"
        ui = g.chance(0.5)
        ts = g.chance(0.7)
        self.add(f"{root}/package.json", "package_json", "config", pkg=pkg)
        self.add(f"{root}/README.md", "md", "docs", self.doc_size(), title=pkg)
        if ts:
            self.add(f"{root}/tsconfig.json", "tsconfig", "config")
        if g.chance(0.5):
            self.add(f"{root}/.eslintrc.json", "eslintrc", "config")
        if g.chance(0.4):
            self.add(f"{root}/.env.example", "env_example", "config")
        if g.chance(0.3):
            self.add(f"{root}/Dockerfile", "dockerfile", "iac", lang="js", svc=pkg)
        if g.chance(0.15):
            self.add(f"{root}/.gitignore", "gitignore", "config")
        r = g.r.random()
        if r < 0.45:
            self.add(f"{root}/package-lock.json", "package_lock", "lockfile", self.lock_size(160 * KIB), pkg=pkg)
        elif r < 0.65:
            self.add(f"{root}/yarn.lock", "yarn_lock", "lockfile", self.lock_size(120 * KIB))
        dirs = self.subdirs(f"{root}/src", max(1, k // 10), 4)
        if ui:
            dirs += [f"{root}/src/components/{g.pascal(1)}" for _ in range(max(1, k // 12))]
        ntest = k // 5
        for i in range(k):
            if i < ntest:
                d = g.pick([f"{root}/test", f"{root}/src/__tests__", g.pick(dirs)])
                ext = "ts" if ts else "js"
                self.add(f"{d}/{g.camel()}.test.{ext}", ext, "source", self.src_size())
                continue
            d = g.pick(dirs)
            if ui and "/components/" in d and g.chance(0.7):
                self.add(f"{d}/{d.rsplit('/', 1)[1]}{g.pick(['', 'List', 'Item', 'View'])}.tsx", "tsx", "source", self.src_size())
            elif ui and g.chance(0.06):
                self.add(f"{d}/{g.kebab()}.css", "css", "web", self.src_size())
            else:
                ext = ("ts" if g.chance(0.8) else "js") if ts else "js"
                self.add(f"{d}/{g.camel()}.{ext}", ext, "source", self.src_size())
        self.fixtures(root, k)
        if ui:
            self.assets(f"{root}/public/assets/img", g.int(1, max(2, k // 4)))
            self.add(f"{root}/public/index.html", "html", "web")
        return root, ui

    def service_common(self, root, svc, lang):
        g = self.g
        self.add(f"{root}/README.md", "md", "docs", self.doc_size(), title=svc)
        if g.chance(0.85):
            self.add(f"{root}/Dockerfile", "dockerfile", "iac", lang=lang, svc=svc, pkg=svc.replace("-", "_"))
        if g.chance(0.4):
            self.add(f"{root}/docker-compose.yml", "compose", "config", svc=svc)
        if g.chance(0.6):
            self.add(f"{root}/.env.example", "env_example", "config")
        if g.chance(0.3):
            self.add(f"{root}/.dockerignore", "gitignore", "config")
        if g.chance(0.45):
            self.add(f"{root}/k8s/deployment.yaml", "k8s", "config", svc=svc, k8s="deployment")
            self.add(f"{root}/k8s/service.yaml", "k8s", "config", svc=svc, k8s="service")
            if g.chance(0.5):
                self.add(f"{root}/k8s/configmap.yaml", "k8s", "config", svc=svc, k8s="configmap")
        if g.chance(0.3):
            self.add(f"{root}/Makefile", "makefile", "config")
        if g.chance(0.4):
            for _ in range(g.int(1, 3)):
                self.add(f"{root}/scripts/{g.pick(VERBS)}-{g.noun()}.sh", "sh", "source", self.src_size())
        if g.chance(0.5):
            for env in ENVS[: g.int(1, 3)]:
                self.add(f"{root}/config/{env}.yaml", "yaml_config", "config")
        if g.chance(0.2):
            self.assets(f"{root}/static/img", g.int(1, 12))

    def unit_py(self, k, libs=False):
        g = self.g
        svc = g.kebab()
        pkg = svc.replace("-", "_")
        root = f"{'libs/python' if libs else 'services'}/{svc}"
        self.add(f"{root}/pyproject.toml", "pyproject", "config", svc=svc)
        if g.chance(0.6):
            self.add(f"{root}/poetry.lock", "poetry_lock", "lockfile", self.lock_size(90 * KIB))
        if g.chance(0.3):
            self.add(f"{root}/requirements.txt", "requirements", "config")
        if g.chance(0.3):
            self.add(f"{root}/setup.cfg", "ini", "config")
        if g.chance(0.2):
            self.add(f"{root}/tox.ini", "ini", "config")
        if not libs:
            self.service_common(root, svc, "py")
        dirs = self.subdirs(f"{root}/src/{pkg}", max(1, k // 10), 3)
        self.fixtures(root, k)
        for d in sorted(set(dirs)):
            if d != f"{root}/src/{pkg}":
                self.add(f"{d}/__init__.py", "py", "source", 64, pkg=pkg)
        ntest = k // 4
        self.add(f"{root}/src/{pkg}/__init__.py", "py", "source", 300, pkg=pkg)
        for i in range(k):
            if i < ntest:
                d = g.pick([f"{root}/tests", f"{root}/tests/{g.noun()}", f"{root}/tests/integration"])
                self.add(f"{d}/test_{g.snake()}.py", "py", "source", self.src_size(), pkg=pkg)
            elif g.chance(0.04):
                self.add(f"{root}/migrations/versions/{g.hexs(12)}_{g.snake()}.py", "py", "source", self.src_size(), pkg=pkg)
            else:
                self.add(f"{g.pick(dirs)}/{g.snake()}.py", "py", "source", self.src_size(), pkg=pkg)
        return root

    def unit_go(self, k, libs=False):
        g = self.g
        svc = g.kebab()
        root = f"{'libs/go' if libs else 'services'}/{svc}"
        self.add(f"{root}/go.mod", "go_mod", "config", svc=svc)
        self.add(f"{root}/go.sum", "go_sum", "lockfile", self.lock_size(24 * KIB))
        if not libs:
            self.service_common(root, svc, "go")
            self.add(f"{root}/cmd/{svc}/main.go", "go", "source", self.src_size(), gopkg="main", svc=svc)
        dirs = self.subdirs(f"{root}/internal", max(1, k // 8), 3) + self.subdirs(f"{root}/pkg", max(1, k // 20), 2)
        self.fixtures(root, k)
        for _ in range(k):
            d = g.pick(dirs)
            name = g.snake()
            gopkg = d.rsplit("/", 1)[1]
            self.add(f"{d}/{name}.go", "go", "source", self.src_size(), gopkg=gopkg, svc=svc)
            if g.chance(0.3):
                self.add(f"{d}/{name}_test.go", "go", "source", self.src_size(), gopkg=gopkg, svc=svc)
        return root

    def unit_java(self, k, libs=False):
        g = self.g
        svc = g.kebab()
        root = f"{'libs/java' if libs else 'services'}/{svc}"
        self.add(f"{root}/pom.xml", "pom", "config", svc=svc)
        if not libs:
            self.service_common(root, svc, "java")
            self.add(f"{root}/src/main/resources/application.yml", "app_yml", "config")
            if g.chance(0.5):
                self.add(f"{root}/src/main/resources/application-{g.pick(ENVS)}.properties", "properties", "config")
        mains = self.subdirs(f"{root}/src/main/java/com/acme", max(1, k // 8), 1)
        self.fixtures(f"{root}/src/test/resources", k)
        for i in range(k):
            d = g.pick(mains)
            test = i < k // 4
            if test:
                d = d.replace("/src/main/", "/src/test/")
            name = g.pascal(2) + g.pick(["Controller", "Service", "Repository", "Mapper", "Config", ""]) + ("Test" if test else "")
            jpkg = d.split("/java/", 1)[1].replace("/", ".")
            self.add(f"{d}/{name}.java", "java", "source", self.src_size(), jpkg=jpkg)
        return root

    def unit_rust(self, k, libs=False):
        g = self.g
        svc = g.kebab()
        root = f"{'libs/rust' if libs else 'services'}/{svc}"
        self.add(f"{root}/Cargo.toml", "cargo_toml", "config", svc=svc)
        if not libs or g.chance(0.3):
            self.add(f"{root}/Cargo.lock", "cargo_lock", "lockfile", self.lock_size(60 * KIB))
        if not libs:
            self.service_common(root, svc, "rs")
            self.add(f"{root}/config/default.toml", "toml_config", "config")
        self.add(f"{root}/src/{'lib' if libs else 'main'}.rs", "rs", "source", self.src_size())
        dirs = self.subdirs(f"{root}/src", max(1, k // 8), 3)
        self.fixtures(root, k)
        for i in range(k):
            if i < k // 6:
                self.add(f"{root}/tests/{g.snake()}.rs", "rs", "source", self.src_size())
            else:
                self.add(f"{g.pick(dirs)}/{g.snake()}.rs", "rs", "source", self.src_size())
        return root

    def unit_ruby(self, k, libs=False):
        g = self.g
        svc = g.kebab()
        root = f"{'libs/ruby' if libs else 'services'}/{svc}"
        self.add(f"{root}/Gemfile", "gemfile", "config")
        self.add(f"{root}/Gemfile.lock", "gemfile_lock", "lockfile", self.lock_size(12 * KIB))
        if not libs:
            self.service_common(root, svc, "rb")
            self.add(f"{root}/config/database.yml", "database_yml", "config")
        areas = ["app/models", "app/controllers", "app/services", "app/jobs", "lib", "app/controllers/api/v1"]
        self.fixtures(f"{root}/spec", k)
        for i in range(k):
            if i < k // 4:
                self.add(f"{root}/spec/{g.pick(['models', 'requests', 'services'])}/{g.snake()}_spec.rb", "rb", "source", self.src_size())
            elif g.chance(0.05):
                self.add(f"{root}/db/migrate/2024{g.int(10, 12)}{g.int(10, 28)}{g.int(100000, 999999)}_{g.pick(VERBS)}_{g.snake()}.rb",
                         "rb", "source", self.src_size())
            else:
                self.add(f"{root}/{g.pick(areas)}/{g.snake()}.rb", "rb", "source", self.src_size())
        return root

    # -- shared areas --
    def shared(self):
        g, N = self.g, self.nfiles
        for p, k in [("README.md", "md"), ("CONTRIBUTING.md", "md"), ("SECURITY.md", "md"), ("CHANGELOG.md", "md")]:
            self.add(p, k, "docs", self.doc_size() * (8 if p == "CHANGELOG.md" else 1))
        self.add(".editorconfig", "editorconfig", "config")
        self.add(".gitignore", "gitignore", "config")
        self.add(".env.example", "env_example", "config")
        self.add("package.json", "package_json", "config", pkg="monorepo")
        self.add("Makefile", "makefile", "config")
        self.add(".github/CODEOWNERS", "md", "docs", 400)
        self.add(".github/pull_request_template.md", "md", "docs", 600)
        svcs = [g.kebab() for _ in range(3 + N // 5000)]
        for s in svcs:
            self.add(f".github/workflows/{s}.yml", "workflow", "iac", svc=s)
        # terraform
        for _ in range(max(2, N // 1500)):
            m = f"infra/terraform/modules/{g.kebab()}"
            for f in ("main.tf", "variables.tf", "outputs.tf", "versions.tf"):
                self.add(f"{m}/{f}", "tf", "iac")
            self.add(f"{m}/README.md", "md", "docs", self.doc_size())
        for _ in range(max(1, N // 8000)):
            stack = g.kebab()
            for env in ENVS:
                d = f"infra/terraform/envs/{env}/{stack}"
                for f in ("main.tf", "variables.tf", "backend.tf"):
                    self.add(f"{d}/{f}", "tf", "iac", stack=stack, env=env)
                self.add(f"{d}/terraform.tfvars", "tf", "iac", env=env)
        # kubernetes
        for _ in range(max(2, N // 1200)):
            svc = g.kebab()
            res = ["deployment.yaml", "service.yaml", "configmap.yaml"] + (["hpa.yaml"] if g.chance(0.5) else []) + \
                (["ingress.yaml"] if g.chance(0.3) else []) + (["cronjob.yaml"] if g.chance(0.2) else [])
            base = f"deploy/k8s/base/{svc}"
            for r in res:
                self.add(f"{base}/{r}", "k8s", "config", svc=svc, k8s=r[:-5])
            self.add(f"{base}/kustomization.yaml", "kustomization", "config", svc=svc, resources=res)
            if g.chance(0.6):
                for env in ENVS:
                    ov = f"deploy/k8s/overlays/{env}/{svc}"
                    self.add(f"{ov}/kustomization.yaml", "kustomization", "config", svc=svc, ns=env,
                             resources=[f"../../../base/{svc}", "patch.yaml"])
                    self.add(f"{ov}/patch.yaml", "k8s_patch", "config", svc=svc)
        for _ in range(max(1, N // 10000)):
            svc = g.kebab()
            c = f"deploy/helm/{svc}"
            self.add(f"{c}/Chart.yaml", "helm_chart", "config", svc=svc)
            self.add(f"{c}/values.yaml", "helm_values", "config", svc=svc)
            self.add(f"{c}/values-prod.yaml", "helm_values", "config", svc=svc)
            self.add(f"{c}/templates/deployment.yaml", "helm_tpl", "config")
        for _ in range(max(2, N // 2000)):
            svc = g.kebab()
            self.add(f"deploy/systemd/{svc}.service", "systemd", "iac", svc=svc)
            if g.chance(0.3):
                self.add(f"deploy/systemd/{svc}.timer", "systemd", "iac", svc=svc)
        for env in ENVS:
            self.add(f"deploy/compose/docker-compose.{env}.yml", "compose", "config", svc=g.kebab())
        # docs
        sections = self.subdirs("docs", max(3, N // 400), 5)
        for _ in range(N * 3 // 100):
            self.add(f"{g.pick(sections)}/{g.kebab()}.md", "md", "docs", self.doc_size())
        self.assets("docs/images", max(2, N // 60))
        # scripts and tools
        for _ in range(max(3, N // 150)):
            self.add(f"scripts/{g.pick(['', 'ci/', 'ops/', 'db/', 'release/'])}{g.pick(VERBS)}-{g.noun()}.sh", "sh", "source", self.src_size())
        for _ in range(max(2, N // 300)):
            self.add(f"tools/{g.kebab()}/{g.snake()}.py", "py", "source", self.src_size(), pkg="tools")
        for _ in range(max(2, N // 500)):
            self.add(f"db/migrations/{g.int(2019, 2024)}{g.int(10, 12)}{g.int(10, 28)}_{g.snake()}.sql", "sql", "source", self.src_size())
        # a few archives and artifacts
        for _ in range(max(1, N // 4000)):
            ext = g.pick(["jar", "zip", "wasm", "pdf"])
            self.add(f"tools/artifacts/{g.kebab()}-{g.version()}.{ext}", "binary", "binary", self.bin_size() * 8)

    def large(self, ui_roots):
        g, s = self.g, self.scale
        lo = 16 * KIB

        def sz(mib):
            return max(lo, int(mib * MIB * s))
        self.add("logs/api-gateway/api-gateway-2024-11-03.log", "big_log", "large", sz(45), svc="api-gateway")
        self.add("data/fixtures/events-2024-q3.json", "big_json", "large", sz(30))
        self.add("data/exports/customers-2024.csv", "big_csv", "large", sz(24))
        self.add("db/seeds/production-snapshot.sql", "big_sql", "large", sz(20))
        self.add("docs/api/openapi.json", "big_openapi", "large", sz(5))
        roots = ui_roots or ["packages/web-app"]
        for i in range(6):
            r = roots[i % len(roots)]
            h = g.hexs(8)
            self.add(f"{r}/public/static/js/main.{h}.js", "big_bundle", "large", sz(2 + 6 * g.r.random()))
            if i < 3:
                self.add(f"{r}/public/static/js/main.{h}.js.map", "big_sourcemap", "large", sz(3 + 7 * g.r.random()))

    def plant(self, svc_roots, js_roots):
        g = self.g
        svc = g.pick(svc_roots) if svc_roots else "services/legacy-api"
        js = g.pick(js_roots) if js_roots else "packages/web-app"
        items = [
            (f"{g.pick(svc_roots or [svc])}/certs/dev-server.pem", "planted_pem", "fake PEM RSA private key"),
            (f"{g.pick(svc_roots or [svc])}/.env", "planted_env", ".env with real-looking values (DB URL, AWS keys)"),
            ("infra/terraform/envs/prod/terraform.tfstate", "planted_tfstate", "terraform state with a DB password"),
            (f"{js}/.npmrc", "planted_npmrc", ".npmrc with an npm _authToken"),
            (f"{g.pick(svc_roots or [svc])}/src/settings_local.py", "planted_settings", "hard-coded AWS key id/secret and DB password"),
            (f"deploy/k8s/base/{g.kebab()}/debug-pod.yaml", "planted_privileged", "privileged hostPID/hostNetwork pod"),
            (f"{g.pick(svc_roots or [svc])}/Dockerfile.debug", "planted_dockerfile", "ENV with a hard-coded password"),
            (".github/workflows/preview.yml", "planted_workflow", "pull_request_target checking out the PR head"),
        ]
        for path, kind, what in items:
            e = self.add(path, kind, "planted", svc=svc.rsplit("/", 1)[-1])
            self.planted.append({"path": e.path, "kind": kind, "what": what})

    def build(self):
        g = self.g
        self.shared()
        svc_roots, js_roots, ui_roots = [], [], []
        units = [("js", 0.34), ("py", 0.18), ("go", 0.14), ("java", 0.12), ("rust", 0.1), ("ruby", 0.08),
                 ("lib", 0.04)]
        # leave room for the large and planted files
        budget = self.nfiles - 20
        while len(self.entries) < budget:
            r, acc, kind = g.r.random(), 0.0, "js"
            for name, w in units:
                acc += w
                if r < acc:
                    kind = name
                    break
            left = budget - len(self.entries)
            k = min(g.lognormal(80, 0.9, 8, 1500), max(4, int(left * 0.8)))
            libs = kind == "lib"
            if libs:
                kind = g.pick(["py", "go", "java", "rust", "ruby"])
            if kind == "js":
                root, ui = self.unit_js(k)
                js_roots.append(root)
                if ui:
                    ui_roots.append(root)
            else:
                root = getattr(self, "unit_" + kind)(k, libs)
                if not libs:
                    svc_roots.append(root)
        self.large(ui_roots)
        self.plant(svc_roots, js_roots)
        self.calibrate()
        self.check_ignores()

    def calibrate(self):
        fixed = sum(e.size if e.kind not in SCALABLE else 0 for e in self.entries)
        # templated files keep their natural size (TEMPLATED_AVG on average); lockfiles and large
        # files keep their planned size; the rest is scaled to land on the byte target.
        templ = sum(1 for e in self.entries if e.size == 0) * TEMPLATED_AVG
        scal = sum(e.size for e in self.entries if e.kind in SCALABLE)
        over = sum(1 for e in self.entries if e.kind in SCALABLE and e.kind != "binary") * TEXT_OVERHEAD
        want = self.nbytes - fixed - templ - over
        f = max(0.2, min(5.0, want / max(1, scal)))
        for e in self.entries:
            if e.kind in SCALABLE:
                e.size = max(64, int(e.size * f))
        self.factor = f

    def check_ignores(self):
        for p in self.paths:
            parts = p.split("/")
            for pat in IGNORE_PATTERNS:
                if pat.endswith("/"):
                    bad = any(fnmatch.fnmatch(d, pat[:-1]) for d in parts[:-1])
                else:
                    bad = any(fnmatch.fnmatch(x, pat) for x in parts)
                if bad:
                    raise SystemExit(f"internal error: {p} would be hidden by ignore pattern {pat}")


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

OUT = ""
ENTRIES = []


def write_one(e):
    g = G(e.seed)
    path = os.path.join(OUT, e.path)
    if e.kind in STREAMED:
        n = 0
        with open(path, "wb", buffering=0) as f:
            buf, bn = [], 0
            for chunk in STREAMED[e.kind](e, g):
                if isinstance(chunk, str):
                    chunk = chunk.encode()
                buf.append(chunk)
                bn += len(chunk)
                if bn >= 4 * MIB:
                    f.write(b"".join(buf))
                    n += bn
                    buf, bn = [], 0
            f.write(b"".join(buf))
            n += bn
        return n
    data = CONTENT[e.kind](e, g)
    with open(path, "wb", buffering=0) as f:
        f.write(data)
    if e.kind == "sh":
        os.chmod(path, 0o755)
    return len(data)


def run_task(task):
    lo, hi = task
    stats = {}
    for i in range(lo, hi):
        e = ENTRIES[i]
        n = write_one(e)
        s = stats.setdefault(e.cat, [0, 0])
        s[0] += 1
        s[1] += n
    return stats


def human(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024
    return str(n)


def main(argv=None):
    global OUT, ENTRIES
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--out", required=True, help="output directory (must not exist or be empty)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--manifest", help="write a JSON manifest (categories, planted problems) to this file")
    ap.add_argument("--dry-run", action="store_true", help="plan and print the summary, write nothing")
    a = ap.parse_args(argv)

    t0 = time.monotonic()
    if os.path.exists(a.out) and (not os.path.isdir(a.out) or os.listdir(a.out)):
        ap.error(f"{a.out} exists and is not an empty directory")
    plan = Plan(a.size, a.seed)
    plan.build()
    ENTRIES = plan.entries
    OUT = a.out
    t_plan = time.monotonic() - t0

    if a.dry_run:
        stats = {}
        for e in ENTRIES:
            s = stats.setdefault(e.cat, [0, 0])
            s[0] += 1
            s[1] += e.size or 1200
    else:
        build_pools(a.seed, plan.nbytes)
        dirs = sorted({os.path.dirname(e.path) for e in ENTRIES})
        for d in dirs:
            os.makedirs(os.path.join(OUT, d), exist_ok=True)
        # big files first, each its own task; then chunks of small files (dynamic balancing)
        order = sorted(range(len(ENTRIES)), key=lambda i: ENTRIES[i].kind not in STREAMED)
        ENTRIES = [ENTRIES[i] for i in order]
        nbig = sum(1 for e in ENTRIES if e.kind in STREAMED)
        tasks = [(i, i + 1) for i in range(nbig)] + [(i, min(i + 400, len(ENTRIES))) for i in range(nbig, len(ENTRIES), 400)]
        stats = {}
        if a.jobs > 1:
            with multiprocessing.get_context("fork").Pool(a.jobs) as pool:
                results = list(pool.imap_unordered(run_task, tasks))
        else:
            results = [run_task(t) for t in tasks]
        for r in results:
            for k, (nf, nb) in r.items():
                s = stats.setdefault(k, [0, 0])
                s[0] += nf
                s[1] += nb

    total_f = sum(v[0] for v in stats.values())
    total_b = sum(v[1] for v in stats.values())
    elapsed = time.monotonic() - t0
    print(f"corpus {a.size} (seed {a.seed}) -> {a.out}{' (dry run)' if a.dry_run else ''}")
    print(f"  {'category':<10} {'files':>9} {'bytes':>14}  {'':>10}")
    for k in sorted(stats, key=lambda k: -stats[k][1]):
        print(f"  {k:<10} {stats[k][0]:>9,} {stats[k][1]:>14,}  {human(stats[k][1]):>10}")
    print(f"  {'total':<10} {total_f:>9,} {total_b:>14,}  {human(total_b):>10}")
    print(f"  max depth {max(p.count('/') for p in plan.paths)} dirs; size factor {plan.factor:.2f}; "
          f"plan {t_plan:.1f}s, total {elapsed:.1f}s")
    if a.manifest:
        man = {"size": a.size, "seed": a.seed, "files": total_f, "bytes": total_b,
               "categories": {k: {"files": v[0], "bytes": v[1]} for k, v in sorted(stats.items())},
               "planted": plan.planted}
        with open(a.manifest, "w") as f:
            json.dump(man, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
